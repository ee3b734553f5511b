using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Documents the refusals of every operation that takes a JSON body that happen before its handler runs, so no
/// endpoint declares them, yet clients get them: 415 for a body sent as another media type (or with no Content-Type),
/// and 413 for a body over the request size limit (64 KiB on public routes; NewsApi:Http:AdminMaxRequestBodyBytes,
/// 4 MiB by default, on the admin API).
/// </summary>
public sealed class JsonBodyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody?.Content?.ContainsKey("application/json") != true || operation.Responses is null)
        {
            return;
        }

        Add(StatusCodes.Status413PayloadTooLarge, "Payload Too Large: the body is over the server's request size limit.");
        Add(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type: the body is not sent as `application/json`.");

        void Add(int status, string description) => operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
            },
        });
    }
}
