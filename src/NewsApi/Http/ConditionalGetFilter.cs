using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NewsApi.Data;

namespace NewsApi.Http;

/// <summary>
/// Endpoint metadata for a representation that also changes with time, not only with writes (e.g. a sliding
/// window such as the news sitemap's last 48 hours): it refines the content version its validators come from.
/// </summary>
public interface IContentVersionSource
{
    ContentVersion Current(HttpContext context, ContentVersion content);
}

/// <summary>
/// Endpoint metadata: its answers may be stored by caches but must be revalidated before each use
/// (<c>Cache-Control: no-cache</c>), for clients that resume from where they were and must not be handed an answer
/// older than the last write (the sync feed). Revalidation still costs one indexed read and answers 304.
/// </summary>
public sealed class RevalidatedEveryTime
{
    public const string CacheControl = "no-cache";
}

public static class RevalidatedEveryTimeExtensions
{
    /// <summary>Marks the endpoint's answers <c>Cache-Control: no-cache</c> instead of the public max-age.</summary>
    public static TBuilder RevalidatesEveryTime<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RevalidatedEveryTime());
}

/// <summary>
/// ETag / Last-Modified validators and Cache-Control for public GETs, answered from the content version
/// before the handler runs: a revalidation costs one indexed read, and a 304 carries no body.
/// </summary>
public sealed class ConditionalGetFilter(IOptions<NewsApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            // Validators describe representations that can be read again; a POST's answer is not one.
            return await next(context);
        }

        var freshness = PublicFreshness.Of(http);
        var version = freshness.Version;
        var headers = http.Response.Headers;

        if (IsNotModified(http.Request, version))
        {
            SetValidators(http.Response, freshness);
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var result = await next(context);
        var status = (result is INestedHttpResult nested ? nested.Result : result) is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        if (status == StatusCodes.Status200OK)
        {
            SetValidators(http.Response, freshness);
        }
        else
        {
            headers.CacheControl = "no-cache";
        }

        return result;
    }

    private void SetValidators(HttpResponse response, Freshness freshness)
    {
        var version = freshness.Version;
        var http = options.Value.Http;
        if (freshness.Scopes.Count > 0)
        {
            // Fastly reads Surrogate-Key, Cloudflare Cache-Tag: the same names, to purge exactly what a write changed.
            response.Headers["Surrogate-Key"] = freshness.SurrogateKeys;
            response.Headers["Cache-Tag"] = freshness.SurrogateKeys.Replace(' ', ',');
        }

        response.Headers.ETag = version.ETag;
        response.Headers.LastModified = HeaderUtilities.FormatDate(new DateTimeOffset(version.LastModified, TimeSpan.Zero));
        response.Headers.CacheControl = response.HttpContext.GetEndpoint()?.Metadata.GetMetadata<RevalidatedEveryTime>() is not null
            ? RevalidatedEveryTime.CacheControl
            : $"public, max-age={http.MaxAgeSeconds}, stale-while-revalidate={http.StaleWhileRevalidateSeconds}";
    }

    private static bool IsNotModified(HttpRequest request, ContentVersion version)
    {
        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            // If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.2.2); weak comparison.
            var current = EntityTagHeaderValue.Parse(version.ETag);
            return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
        }

        var ifModifiedSince = request.GetTypedHeaders().IfModifiedSince;
        return ifModifiedSince is { } since && new DateTimeOffset(version.LastModified, TimeSpan.Zero) <= since;
    }
}
