using NewsApi.Data;

namespace NewsApi.Http;

/// <summary>Endpoint metadata: the content scopes (<see cref="ContentScope"/>) a public GET's answer depends on, per request.</summary>
public sealed class DependsOnContent(Func<HttpContext, IReadOnlyList<string>> scopes)
{
    public IReadOnlyList<string> Of(HttpContext context) => scopes(context);
}

/// <summary>What a public answer's validators, cache key and surrogate keys come from.</summary>
/// <param name="Scopes">Empty for a route that declares none: it follows the version of all public content.</param>
public sealed record Freshness(ContentVersion Version, IReadOnlyList<string> Scopes)
{
    /// <summary>The value of <c>Surrogate-Key</c> and <c>Cache-Tag</c>: the scopes' names, which a CDN purges by.</summary>
    public string SurrogateKeys => string.Join(' ', Scopes);
}

public static class PublicFreshness
{
    private static readonly object Key = new();

    /// <summary>Declares what the answers of these endpoints depend on (see <see cref="ContentScope"/>).</summary>
    public static TBuilder DependsOn<TBuilder>(this TBuilder builder, Func<HttpContext, IReadOnlyList<string>> scopes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DependsOnContent(scopes));

    /// <summary>
    /// This request's <see cref="Freshness"/>, worked out once: the output cache asks before the endpoint runs and the
    /// conditional-GET filter after, and both must see the same version or a cached answer could carry another's ETag.
    /// </summary>
    public static Freshness Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var known) && known is Freshness freshness)
        {
            return freshness;
        }

        var state = context.RequestServices.GetRequiredService<ContentState>();
        var endpoint = context.GetEndpoint();
        var scopes = endpoint?.Metadata.GetMetadata<DependsOnContent>()?.Of(context) ?? [];
        var version = scopes.Count == 0 ? state.Current() : state.Of(scopes);
        // A route whose answer also moves with time (the news sitemap's 48-hour window) refines it.
        if (endpoint?.Metadata.GetMetadata<IContentVersionSource>() is { } source)
        {
            version = source.Current(context, version);
        }

        freshness = new Freshness(version, scopes);
        context.Items[Key] = freshness;
        return freshness;
    }
}
