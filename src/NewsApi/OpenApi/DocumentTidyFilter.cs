using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Whole-document touches: a relative server (the document is served by the API it describes, behind whatever host
/// the operator chose), and no schema for the abstract content block, which every concrete block now stands without.
/// </summary>
public sealed class DocumentTidyFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Servers = [new OpenApiServer { Url = "/", Description = "The host serving this document" }];
        swaggerDoc.Components?.Schemas?.Remove(nameof(Text.ContentBlock));
    }
}
