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

    public string Article(int id, string slug) => ArticleUrl(_settings, _base, id, slug);

    /// <summary>Where a reader opens an article, with <paramref name="baseUrl"/> as <c>{base}</c> (webhooks use it with no request).</summary>
    public static string ArticleUrl(NewsApiOptions.FeedSettings settings, string baseUrl, int id, string slug) => settings.ArticleUrlTemplate
        .Replace("{base}", baseUrl, StringComparison.Ordinal)
        .Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal)
        .Replace("{id}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// Checks at start-up that links will have a base the site chose: <c>NewsApi:PublicBaseUrl</c> must be an absolute
    /// http(s) URL, and in Production it is required unless <c>AllowedHosts</c> lists the site's host names. Otherwise
    /// every feed and sitemap would carry whatever host a request claims, and a shared cache or a crawler would keep it.
    /// </summary>
    public sealed class Validation(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<NewsApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, NewsApiOptions options)
        {
            if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
            {
                return Uri.TryCreate(options.PublicBaseUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                    && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment)
                    ? ValidateOptionsResult.Success
                    : ValidateOptionsResult.Fail(
                        $"NewsApi:PublicBaseUrl must be an absolute http or https URL with no query or fragment, such as https://news.example.com; it is '{options.PublicBaseUrl}'.");
            }

            return environment.IsProduction() && !ListsHosts(configuration["AllowedHosts"])
                ? ValidateOptionsResult.Fail(
                    "NewsApi:PublicBaseUrl is required in Production: feeds and sitemaps need the public address of the site for their links "
                    + "(e.g. NewsApi__PublicBaseUrl=https://news.example.com). Alternatively set AllowedHosts to the site's host names "
                    + "(e.g. AllowedHosts=news.example.com), and links will follow the request's host among those.")
                : ValidateOptionsResult.Success;
        }

        // "*" (the template's default) or a "*.example.com" pattern lets any claimed host through.
        private static bool ListsHosts(string? allowedHosts) =>
            allowedHosts?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } hosts
            && hosts.All(host => !host.Contains('*', StringComparison.Ordinal));
    }
}

public static class FeedLinksSetup
{
    /// <summary>Validates the base of feed and sitemap links when the web host starts (the CLI writes no links).</summary>
    public static IServiceCollection AddFeedLinks(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<NewsApiOptions>, FeedLinks.Validation>();
        services.AddOptions<NewsApiOptions>().ValidateOnStart();
        return services;
    }
}
