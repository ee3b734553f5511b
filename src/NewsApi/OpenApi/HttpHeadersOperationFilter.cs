using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Documents the caching and paging headers that public GETs send (they are set by filters, which the API
/// explorer cannot see), the 304 answer to a conditional request, and the headers of 429, 503 and replayed 202 answers.
/// </summary>
public sealed class HttpHeadersOperationFilter : IOperationFilter
{
    // The public API, feeds, sitemaps and the index at the root ("") all pass through ConditionalGetFilter; the admin
    // API does not (no-store).
    private static readonly string[] CachedPrefixes = ["api/v1", "feeds/", "sitemap"];
    private const string AdminPrefix = "api/v1/admin";

    // Previews bypass ConditionalGetFilter and the output cache: no validators, no 304, never stored.
    private const string PreviewPrefix = "api/v1/preview";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var description = context.ApiDescription;
        var path = description.RelativePath ?? string.Empty;
        foreach (var status in (string[])["429", "503"])
        {
            if (operation.Responses?.TryGetValue(status, out var retryLater) == true && retryLater is OpenApiResponse limited)
            {
                limited.Headers ??= new Dictionary<string, IOpenApiHeader>();
                limited.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }

        if (operation.Responses?.TryGetValue("202", out var accepted) == true && accepted is OpenApiResponse replayable
            && operation.Parameters?.Any(p => p.Name == "Idempotency-Key") == true)
        {
            replayable.Headers ??= new Dictionary<string, IOpenApiHeader>();
            replayable.Headers["Idempotent-Replayed"] = Header("`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.");
        }

        if (path.StartsWith(AdminPrefix, StringComparison.Ordinal))
        {
            DocumentAdminETag(operation, description);
            return;
        }

        if (path.StartsWith(PreviewPrefix, StringComparison.Ordinal))
        {
            DocumentPreviewHeaders(operation);
            return;
        }

        if (description.HttpMethod != "GET" || !(path.Length == 0 || CachedPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal))) || operation.Responses is null)
        {
            return;
        }

        if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["ETag"] = Header("Validator of this representation; send it back in `If-None-Match`.");
            response.Headers["Last-Modified"] = Header("When the content behind this representation last changed; usable in `If-Modified-Since`.");
            response.Headers["Cache-Control"] = description.ActionDescriptor.EndpointMetadata.OfType<NewsApi.Http.RevalidatedEveryTime>().Any()
                ? Header("`no-cache`: a cache may keep the answer but must revalidate it (`If-None-Match`) before each use.")
                : Header("`public, max-age=…, stale-while-revalidate=…` (configurable).");
            if (description.ActionDescriptor.EndpointMetadata.OfType<NewsApi.Http.DependsOnContent>().Any())
            {
                response.Headers["Surrogate-Key"] = Header("What this answer depends on, space-separated (e.g. `article-35 labels`, `list-category-7 labels`): a CDN in front purges by these names when that content changes. Fastly reads this header.");
                response.Headers["Cache-Tag"] = Header("The names of `Surrogate-Key`, comma-separated, as Cloudflare reads them.");
            }

            if (operation.OperationId?.StartsWith("list", StringComparison.Ordinal) == true)
            {
                var keyset = operation.Parameters?.Any(p => p.Name == "cursor") == true;
                response.Headers["Link"] = Header(keyset
                    ? "RFC 8288 links to the `first`, `prev`, `next` and `last` pages; with `cursor`, to `first` and (unless this is the last page) `next`."
                    : "RFC 8288 links to the `first`, `prev`, `next` and `last` pages.");
                response.Headers["X-Total-Count"] = new OpenApiHeader
                {
                    Description = keyset ? "Total number of items across all pages. Not sent with `cursor`." : "Total number of items across all pages.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }

        operation.Responses["304"] = new OpenApiResponse
        {
            Description = "Not Modified: the `If-None-Match` / `If-Modified-Since` validators still match. No body.",
        };
    }

    // The admin answers that are versioned resources (or, for curated links, part of one).
    private static readonly HashSet<Type> Versioned =
        [typeof(Admin.AdminArticle), typeof(Admin.AdminCategory), typeof(Admin.AdminTag), typeof(Admin.AdminAuthor), typeof(IReadOnlyList<Related.AdminRelatedLink>)];

    // Admin answers are never cached nor revalidated (Cache-Control: no-store, no 304); those of versioned resources
    // carry the row version as ETag, which the next write sends back in If-Match.
    private static void DocumentAdminETag(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        foreach (var type in description.SupportedResponseTypes.Where(t => t.Type is { } body && Versioned.Contains(body) && t.StatusCode is 200 or 201))
        {
            if (operation.Responses?.TryGetValue(type.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var found) == true
                && found is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["ETag"] = Header("The version of this resource; send it in `If-Match` to change or delete it.");
            }
        }
    }

    private static void DocumentPreviewHeaders(OpenApiOperation operation)
    {
        foreach (var answer in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
        {
            answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
            answer.Headers["Cache-Control"] = Header("`no-store`: no browser, proxy or CDN keeps a preview.");
            answer.Headers[Preview.PreviewEndpoints.RobotsHeader] = Header("`noindex`: search engines leave previews out.");
        }
    }

    private static OpenApiHeader Header(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
