using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Whole-document touches: a relative server (the document is served by the API it describes, behind whatever host
/// the operator chose), and no schema for the abstract content block or related item, which every concrete member of
/// those unions now stands without, nor for any other schema that nothing refers to.
/// </summary>
public sealed class DocumentTidyFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Servers = [new OpenApiServer { Url = "/", Description = "The host serving this document" }];
        swaggerDoc.Components?.Schemas?.Remove(nameof(Text.ContentBlock));
        swaggerDoc.Components?.Schemas?.Remove(nameof(Related.RelatedItem));
        RemoveUnreferencedSchemas(swaggerDoc);
    }

    // Nullable object properties get their schema inlined (ResponseSchemaFilter), which can leave a component that
    // nothing points at any more (ArticleImage, AuthorRef): generators would emit dead types for them.
    private static void RemoveUnreferencedSchemas(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        bool removed;
        do
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            document.SerializeAsV3(new OpenApiJsonWriter(text));
            var json = text.ToString();
            var unused = schemas.Keys.Where(name => !json.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal)).ToList();
            unused.ForEach(name => schemas.Remove(name));
            removed = unused.Count > 0;
        }
        while (removed);
    }
}
