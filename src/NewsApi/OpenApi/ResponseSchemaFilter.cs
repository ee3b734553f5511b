using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Makes response schemas say what clients get: every property of a response record is always written
/// (null included), so every one is <c>required</c>; problem details carry <c>traceId</c>; and the main
/// shapes carry Arabic examples.
/// </summary>
public sealed class ResponseSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        var type = context.Type;
        if (typeof(ProblemDetails).IsAssignableFrom(type))
        {
            concrete.Properties ??= new Dictionary<string, IOpenApiSchema>();
            concrete.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Identifies the request in the server's logs; quote it when reporting a problem.",
            };
            concrete.Required ??= new HashSet<string>();
            foreach (var name in new[] { "type", "title", "status", "traceId" })
            {
                concrete.Required.Add(name);
            }
        }
        else if (type.Namespace?.StartsWith("NewsApi", StringComparison.Ordinal) == true && concrete.Properties is { Count: > 0 } properties
                 && !type.Name.EndsWith("Request", StringComparison.Ordinal) && !type.Name.EndsWith("Query", StringComparison.Ordinal))
        {
            concrete.Required ??= new HashSet<string>();
            foreach (var name in properties.Keys)
            {
                concrete.Required.Add(name);
            }
        }

        if (OpenApiExamples.For(type) is { } example)
        {
            concrete.Example = example;
        }
    }
}

/// <summary>Turns <see cref="System.ComponentModel.DataAnnotations.AllowedValuesAttribute"/> on a query property into an enum.</summary>
public sealed class AllowedValuesParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var allowed = context.PropertyInfo?.GetCustomAttribute<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>();
        if (allowed is not null && parameter.Schema is OpenApiSchema schema)
        {
            schema.Enum = allowed.Values.Select(value => (JsonNode)JsonValue.Create(value?.ToString())!).ToList();
        }
    }
}
