using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using NewsApi.Data;

namespace NewsApi.Http;

/// <summary>
/// Server-side cache of public GET answers. The content version is part of every cache key, so any write — through
/// the API, the CLI or another process — makes the old entries unreachable at once; nothing has to be evicted by
/// hand. Entries vary by the query (see below), by Accept-Encoding (the cache sits outside compression and stores the
/// compressed bytes, so a gzip client never gets brotli), by Origin (CORS answers echo it) and by the scheme and
/// host (feeds and sitemaps carry absolute links).
/// </summary>
public sealed class PublicOutputCachePolicy : IOutputCachePolicy
{
    public const string Name = "public";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = HttpMethods.IsGet(request.Method) && !request.Headers.ContainsKey("Authorization")
            && context.HttpContext.RequestServices.GetRequiredService<IOptions<NewsApiOptions>>().Value.Http.OutputCache;
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        if (!cacheable)
        {
            return ValueTask.CompletedTask;
        }

        // The version of what this answer depends on (PublicFreshness): a write elsewhere leaves the entry reachable.
        var version = PublicFreshness.Of(context.HttpContext).Version;

        // The public API refuses unknown query parameters, so its whole query is the key (an unknown one misses and is
        // then refused, never stored). Feeds and sitemaps ignore them: readers and crawlers append utm_source and
        // the like, which must neither split the cache nor let anyone force a fresh answer with a random parameter.
        var endpoint = context.HttpContext.GetEndpoint();
        context.CacheVaryByRules.QueryKeys = endpoint is null || endpoint.Metadata.GetMetadata<RefusesUnknownQuery>() is not null
            ? "*"
            : new Microsoft.Extensions.Primitives.StringValues([.. context.HttpContext.RequestServices.GetRequiredService<DeclaredQueryParameters>().Of(endpoint)]);
        context.CacheVaryByRules.HeaderNames = new Microsoft.Extensions.Primitives.StringValues(["Accept-Encoding", "Origin"]);
        context.CacheVaryByRules.VaryByValues["content"] = version.ETag;
        // Feeds and sitemaps write absolute links from the host a request came in by (unless PublicBaseUrl is set),
        // after the forwarded headers have been applied: one site's links must never reach another host's readers.
        context.CacheVaryByRules.VaryByValues["site"] = request.Scheme + "://" + request.Host.Value + request.PathBase.Value;
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(5);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.HttpContext.RequestServices.GetRequiredService<Observability.NewsApiMetrics>().OutputCacheHit();
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.HttpContext.RequestServices.GetRequiredService<Observability.NewsApiMetrics>().OutputCacheMiss();
        var response = context.HttpContext.Response;
        // Only complete successes are kept; problems (404 for a slug that may be published a second later) are not.
        context.AllowCacheStorage = context.AllowCacheStorage && response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey("Set-Cookie");
        return ValueTask.CompletedTask;
    }
}
