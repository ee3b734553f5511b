using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using NewsApi.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>The OpenAPI document: served at /openapi/v1.json, committed as openapi/v1.json, browsable at /docs.</summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddNewsApiOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "NewsApi",
                Contact = new OpenApiContact { Name = "NewsApi", Url = new Uri("https://github.com/newsapi/newsapi") },
                License = new OpenApiLicense { Name = "Proprietary: all rights reserved" },
                Version = "v1",
                Description = """
                    A headless news-content API, Arabic-first: right-to-left text, Unicode slugs, and JSON with Arabic as is.
                    Public reads need no key and are cacheable: every GET answers `ETag`, `Last-Modified` and `Cache-Control`,
                    and `If-None-Match` / `If-Modified-Since` answer `304 Not Modified` with no body.
                    Every error is `application/problem+json` (RFC 9457) with a `traceId`; validation messages follow
                    `Accept-Language` (`ar` or `en`, default English). Timestamps are UTC ISO-8601 with `Z`.
                    A query parameter an `/api/v1` operation does not list is refused with 400 naming it; feeds and sitemaps
                    ignore unknown parameters (such as `utm_source`).
                    """,
            });
            options.SupportNonNullableReferenceTypes();
            options.UseOneOfForPolymorphism();
            // Unions (content blocks, related items) are documented from their System.Text.Json attributes.
            options.SelectDiscriminatorNameUsing(type => type.GetCustomAttribute<JsonPolymorphicAttribute>()?.TypeDiscriminatorPropertyName ?? "type");
            options.SelectSubTypesUsing(type => type.GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false).Select(derived => derived.DerivedType));
            options.MapType<QueryInt>(() => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" });
            options.MapType<QueryDate>(() => new OpenApiSchema { Type = JsonSchemaType.String, Description = "ISO-8601 date or date-time." });
            options.SchemaFilter<ResponseSchemaFilter>();
            options.ParameterFilter<AllowedValuesParameterFilter>();
            options.OperationFilter<HttpHeadersOperationFilter>();
            options.OperationFilter<ApiKeySecurityOperationFilter>();
            options.OperationFilter<XmlExamplesOperationFilter>();
            options.OperationFilter<ProblemExamplesOperationFilter>();
            options.OperationFilter<JsonBodyOperationFilter>();
            options.DocumentFilter<DocumentTidyFilter>();
            options.DocumentFilter<Webhooks.WebhookOpenApiFilter>();
            options.AddSecurityDefinition(ApiKeySecurityOperationFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key from `NewsApi keys create --name N --scopes content:write,comments:moderate,webhooks:manage`, sent as `Authorization: Bearer <key>`.",
            });
        });
        return services;
    }

    public static WebApplication UseNewsApiOpenApi(this WebApplication app)
    {
        app.UseSwagger(options => options.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint(DocumentPath, "NewsApi v1");
            options.DocumentTitle = "NewsApi";
        });
        return app;
    }
}
