using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
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
            // Every problem this service writes has these; only detail and instance may be absent.
            foreach (var name in new[] { "type", "title", "status", "traceId" })
            {
                concrete.Required.Add(name);
                if (concrete.Properties.TryGetValue(name, out var property) && property is OpenApiSchema known)
                {
                    known.Type &= ~JsonSchemaType.Null;
                }
            }

            if (concrete.Properties.ContainsKey("errors"))
            {
                concrete.Required.Add("errors");
            }
        }
        else if (type.Namespace?.StartsWith("NewsApi", StringComparison.Ordinal) == true && concrete.Properties is { Count: > 0 } properties
                 && !type.Name.EndsWith("Request", StringComparison.Ordinal) && !type.Name.EndsWith("Query", StringComparison.Ordinal))
        {
            concrete.Required ??= new HashSet<string>();
            foreach (var (name, property) in properties)
            {
                if (!OmittedWhenNull(type, name))
                {
                    concrete.Required.Add(name);
                }
                else if (property is OpenApiSchema optional && optional.Type is { } optionalType)
                {
                    // Left out rather than written as null: optional, but never null when present.
                    optional.Type = optionalType & ~JsonSchemaType.Null;
                }
            }
        }

        if (type.Name.EndsWith("Request", StringComparison.Ordinal) && concrete.Properties is { Count: > 0 })
        {
            // A request record's required members are its constructor parameters without a default.
            var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length);
            concrete.Required ??= new HashSet<string>();
            foreach (var parameter in constructor?.GetParameters().Where(p => !p.HasDefaultValue) ?? [])
            {
                concrete.Required.Add(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!));
            }
        }

        if (type.BaseType?.GetCustomAttribute<JsonPolymorphicAttribute>() is { TypeDiscriminatorPropertyName: { } discriminator })
        {
            FlattenDerivedType(concrete, type, discriminator);
        }

        // OpenAPI 3.0 (what Swashbuckle writes) ignores anything beside a $ref, so a nullable object property cannot be
        // "$ref + nullable"; Swashbuckle's allOf wrapper for it is one no 3.0 validator lets be null either (nullable
        // does not reach into allOf), and linters flag one-element allOf. Such a property gets the referenced object
        // inline, nullable itself; every other object property stays a plain $ref.
        foreach (var (name, property) in concrete.Properties?.ToList() ?? [])
        {
            if (property is OpenApiSchemaReference { Reference.Id: { } id } && IsNullable(type, name)
                && context.SchemaRepository.Schemas.TryGetValue(id, out var target) && target is OpenApiSchema shape)
            {
                concrete.Properties![name] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object | JsonSchemaType.Null,
                    Description = shape.Description,
                    Properties = shape.Properties,
                    Required = shape.Required,
                    AdditionalPropertiesAllowed = shape.AdditionalPropertiesAllowed,
                };
            }
        }

        if (concrete.Properties?.TryGetValue("direction", out var direction) == true && direction is OpenApiSchema directionSchema)
        {
            directionSchema.Enum = [JsonValue.Create("rtl"), JsonValue.Create("ltr")];
        }

        if (type == typeof(Related.RelatedArticle) && concrete.Properties?.TryGetValue("reason", out var reason) == true && reason is OpenApiSchema reasonSchema)
        {
            reasonSchema.Enum = Related.RelatedReasons.All.Select(value => (JsonNode)JsonValue.Create(value)).ToList();
        }

        // Statuses are closed sets: documented as enums, clients generated from the file get a union to switch on
        // (and a moderator's client knows which decisions it may send).
        if (StatusValues(type) is { } statuses && concrete.Properties?.TryGetValue("status", out var status) == true && status is OpenApiSchema statusSchema)
        {
            statusSchema.Enum = statuses.Select(value => (JsonNode)JsonValue.Create(value)).ToList();
        }

        // Search that stops early, and suggestions (issue 18): closed sets, as enums.
        if (concrete.Properties?.TryGetValue("totalItemsRelation", out var relation) == true && relation is OpenApiSchema relationSchema)
        {
            relationSchema.Enum = Search.TotalRelation.All.Select(value => (JsonNode)JsonValue.Create(value)).ToList();
        }

        if (type == typeof(Search.Suggestion) && concrete.Properties?.TryGetValue("kind", out var kind) == true && kind is OpenApiSchema kindSchema)
        {
            kindSchema.Enum = Search.SuggestionKind.All.Select(value => (JsonNode)JsonValue.Create(value)).ToList();
        }

        if (OpenApiExamples.For(type) is { } example)
        {
            concrete.Example = example;
        }
    }

    private static string[]? StatusValues(Type type) =>
        type == typeof(Comments.CommentStatusRequest) ? Comments.CommentStatuses.Decisions
        : type == typeof(Comments.AdminComment) ? Comments.CommentStatuses.All
        : type == typeof(Comments.CommentAccepted) ? [Comments.CommentStatuses.Pending, Comments.CommentStatuses.Approved]
        : type == typeof(Admin.AdminArticle) || type == typeof(Admin.AdminArticleSummary) ? Admin.AdminArticleListQuery.Statuses
        : null;

    // A fresh context per question: NullabilityInfoContext is not thread-safe, and documents may be generated concurrently.
    private static bool IsNullable(Type type, string name) =>
        type.GetProperties().FirstOrDefault(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name) == name) is { } property
        && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;

    // A property written only when it has a value ([JsonIgnore(Condition = WhenWritingNull)]) is optional.
    private static bool OmittedWhenNull(Type type, string name) =>
        type.GetProperties().FirstOrDefault(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name) == name)?
            .GetCustomAttribute<JsonIgnoreAttribute>()?.Condition == JsonIgnoreCondition.WhenWritingNull;

    // Each member of a union (a content block, a related item) stands alone with its own literal discriminator,
    // rather than allOf the abstract base: the base's additionalProperties=false would otherwise reject every
    // member's own fields, and generated clients get a union they can switch on.
    private static void FlattenDerivedType(OpenApiSchema schema, Type type, string discriminatorName)
    {
        var discriminator = type.BaseType!.GetCustomAttributes<JsonDerivedTypeAttribute>()
            .Single(attribute => attribute.DerivedType == type).TypeDiscriminator?.ToString();
        schema.AllOf = null;
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            [discriminatorName] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(discriminator)!] },
        };
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            properties[name] = property;
        }

        schema.Properties = properties;
        schema.Required ??= new HashSet<string>();
        schema.Required.Add(discriminatorName);
    }
}

/// <summary>
/// Turns <see cref="System.ComponentModel.DataAnnotations.AllowedValuesAttribute"/> on a query property into an enum, and
/// <see cref="System.ComponentModel.DataAnnotations.RequiredAttribute"/> into a required parameter.
/// </summary>
public sealed class AllowedValuesParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var allowed = context.PropertyInfo?.GetCustomAttribute<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>();
        if (allowed is not null && parameter.Schema is OpenApiSchema schema)
        {
            schema.Enum = allowed.Values.Select(value => (JsonNode)JsonValue.Create(value?.ToString())!).ToList();
        }

        // Query values bind as nullable so a missing one reaches the validator (and its localised message);
        // [Required] says what the contract is.
        if (context.PropertyInfo?.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null
            && parameter is OpenApiParameter concrete)
        {
            concrete.Required = true;
        }
    }
}
