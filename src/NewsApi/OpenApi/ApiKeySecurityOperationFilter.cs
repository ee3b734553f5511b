using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Marks operations that need an API key with the bearer scheme, naming the scope in the description, and every other
/// operation with an empty <c>security</c>: public, stated rather than left for a reader (or a linter) to guess.
/// </summary>
public sealed class ApiKeySecurityOperationFilter : IOperationFilter
{
    public const string SchemeName = "apiKey";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(data => data.Policy).OfType<string>().Distinct().ToList();
        if (policies.Count == 0)
        {
            operation.Security = [];
            return;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        operation.Description += $"\n\nRequires an API key with the scope `{string.Join("`, `", policies)}`.";
    }
}
