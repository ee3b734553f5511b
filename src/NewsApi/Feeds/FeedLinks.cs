using System.Globalization;
using Microsoft.Extensions.Options;

namespace NewsApi.Feeds;

/// <summary>
/// Absolute URLs for feeds and sitemaps: from <c>NewsApi:PublicBaseUrl</c> when set (the site behind a proxy or
/// CDN), else from the request's scheme and host; articles through <c>NewsApi:Feeds:ArticleUrlTemplate</c>.
/// </summary>
public sealed class FeedLinks
{
    private readonly string _base;
    private readonly NewsApiOptions.FeedSettings _settings;

    public FeedLinks(HttpRequest request, IOptions<NewsApiOptions> options)
    {
        _settings = options.Value.Feeds;
        _base = (string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}"
            : options.Value.PublicBaseUrl.Trim()).TrimEnd('/');
    }

    public string Home => _settings.HomeUrl.Replace("{base}", _base, StringComparison.Ordinal);

    /// <summary>A path of this service made absolute, e.g. <c>/feeds/rss.xml</c>.</summary>
    public string Absolute(string path) => _base + path;

    public string Article(int id, string slug) => _settings.ArticleUrlTemplate
        .Replace("{base}", _base, StringComparison.Ordinal)
        .Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal)
        .Replace("{id}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
