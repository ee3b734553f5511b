using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Documents the 415 of every operation that takes a JSON body: the framework refuses a body sent as another media
/// type (or with no Content-Type) before the handler runs, so no endpoint declares it, yet clients get it.
/// </summary>
public sealed class JsonBodyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody?.Content?.ContainsKey("application/json") != true || operation.Responses is null
            || operation.Responses.ContainsKey("415"))
        {
            return;
        }

        operation.Responses["415"] = new OpenApiResponse
        {
            Description = "Unsupported Media Type: the body is not sent as `application/json`.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
            },
        };
    }
}
