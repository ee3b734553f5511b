using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NewsApi.Data;
using NewsApi.Http;

namespace NewsApi.Feeds;

/// <summary>RSS, JSON Feed and sitemaps, outside /api/v1, with the same validators and cache headers as the API.</summary>
public static class FeedEndpoints
{
    private const string LinksNote = """
        Links are absolute: built from `NewsApi:PublicBaseUrl` (default: this request's scheme and host, the scheme
        forwarded by a trusted proxy only when `http` or `https`; in Production the host must be one `AllowedHosts` lists) and, for
        articles, `NewsApi:Feeds:ArticleUrlTemplate` (default `{base}/api/v1/articles/{slug}`; a site points it at its
        own article pages). Drafts, scheduled articles whose time has not come and deleted articles never appear.
        """;

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = PublicGroup(app, "/feeds");

        feeds.MapGet("/rss.xml", GetRss)
            .WithName("getRssFeed")
            .WithSummary("RSS 2.0 feed of the newest articles")
            .WithDescription("The 50 newest published articles as RSS 2.0: title, link, guid, pubDate (RFC 822), category and tags, the excerpt as `description`, the sanitised HTML as `content:encoded`, the author as `dc:creator`. Readers render titles, descriptions and categories as HTML, so these (and `dc:creator`) hold HTML-escaped text: `<` typed in a title arrives as `&amp;lt;` in the XML and shows as `<`.\n\n" + LinksNote)
            .Produces<string>(StatusCodes.Status200OK, "application/rss+xml");

        feeds.MapGet("/categories/{slug}/rss.xml", GetCategoryRss)
            .WithName("getCategoryRssFeed")
            .WithSummary("RSS 2.0 feed of a category")
            .WithDescription("The 50 newest published articles of a category and its sub-categories, as `getRssFeed`. An unknown category, or one with no published article, is a 404 problem.\n\n" + LinksNote)
            .Produces<string>(StatusCodes.Status200OK, "application/rss+xml")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DependsOn(context => context.RequestServices.GetRequiredService<Articles.ArticleScopes>().OfList((string)context.GetRouteValue("slug")!, null, null));

        feeds.MapGet("/feed.json", GetJsonFeed)
            .WithName("getJsonFeed")
            .WithSummary("JSON Feed 1.1 of the newest articles")
            .WithDescription("The 50 newest published articles as JSON Feed 1.1 (`application/feed+json`), with `content_html` (sanitised) and `summary`.\n\n" + LinksNote)
            .Produces<JsonFeed>(StatusCodes.Status200OK, "application/feed+json");

        var sitemaps = PublicGroup(app, "/");

        sitemaps.MapGet("/sitemap.xml", GetSitemap)
            .WithName("getSitemap")
            .WithSummary("Sitemap of every published article")
            .WithDescription("""
                A sitemaps.org `urlset` with every published article (`loc`, `lastmod`). When there are more articles than fit
                one file (`NewsApi:Feeds:SitemapUrlsPerFile`, default 50,000, the sitemaps.org limit) it is a `sitemapindex`
                naming `/sitemaps/articles-1.xml`, `/sitemaps/articles-2.xml`, … instead. With no published article the
                `urlset` names the home page (`NewsApi:Feeds:HomeUrl`) alone, since the sitemaps.org schema requires at least one `url`.


                """ + LinksNote)
            .Produces<string>(StatusCodes.Status200OK, "application/xml");

        sitemaps.MapGet("/sitemaps/articles-{page:int}.xml", GetSitemapPage)
            .WithName("getSitemapPage")
            .WithSummary("One file of a large sitemap")
            .WithDescription("Page `page` (from 1) of the published articles in id order, as a `urlset`, named by the sitemap index. A page past the last is a 404 problem.\n\n" + LinksNote)
            .Produces<string>(StatusCodes.Status200OK, "application/xml")
            .ProducesProblem(StatusCodes.Status404NotFound);

        sitemaps.MapGet("/sitemaps/news.xml", GetNewsSitemap)
            .WithName("getNewsSitemap")
            .WithMetadata(new NewsWindowVersion())
            .WithSummary("Google News sitemap of the last 48 hours")
            .WithDescription("Articles published in the last 48 hours (at most 1,000, newest first), each with `news:publication` (name from `NewsApi:Feeds:Title`, language), `news:publication_date` and `news:title`. When nothing was published in the window it names the home page alone, without news tags (a `urlset` must hold at least one `url`).\n\n" + LinksNote)
            .Produces<string>(StatusCodes.Status200OK, "application/xml");

        return app;
    }

    // Like the public API: validators, 304 and Cache-Control from the content version, and CORS for any reader.
    private static RouteGroupBuilder PublicGroup(IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).WithTags("Feeds and sitemaps").DependsOn(_ => Articles.ArticleScopes.AllLists).AddEndpointFilter<ConditionalGetFilter>()
            .CacheOutput(PublicOutputCachePolicy.Name).RequireCors(HttpSetup.PublicCorsPolicy);

    public static FileContentHttpResult GetRss(FeedStore store, ContentState content, IOptions<NewsApiOptions> options, HttpRequest request) =>
        Rss(store, content, options, request, null, null);

    public static Results<FileContentHttpResult, ProblemHttpResult> GetCategoryRss(
        [Description("The category's slug, as is or percent-encoded, e.g. `اخبار-عالمية-وسفارات`.")] string slug,
        FeedStore store, ContentState content, IOptions<NewsApiOptions> options, HttpRequest request) =>
        store.CategoryName(slug) is { } name
            ? Rss(store, content, options, request, slug, name)
            : Problems.NotFound(Messages.CategoryNotFound(slug));

    private static FileContentHttpResult Rss(FeedStore store, ContentState content, IOptions<NewsApiOptions> options, HttpRequest request, string? slug, string? categoryName)
    {
        var settings = options.Value.Feeds;
        var links = new FeedLinks(request, options);
        var self = links.Absolute(slug is null ? "/feeds/rss.xml" : $"/feeds/categories/{Uri.EscapeDataString(slug)}/rss.xml");
        var title = categoryName is null ? settings.Title : $"{settings.Title} — {categoryName}";
        var xml = FeedDocuments.Rss(title, settings.Description, settings.Language, links, self, store.Latest(settings.ItemCount, slug), content.Current().LastModified);
        return TypedResults.Bytes(xml, FeedDocuments.RssContentType);
    }

    public static JsonHttpResult<JsonFeed> GetJsonFeed(FeedStore store, IOptions<NewsApiOptions> options, HttpRequest request)
    {
        var settings = options.Value.Feeds;
        var links = new FeedLinks(request, options);
        var items = store.Latest(settings.ItemCount, null).Select(entry =>
        {
            var article = entry.Article;
            var url = links.Article(article.Id, article.Slug);
            return new JsonFeedItem(url, url, article.Title, entry.Html, article.Excerpt, article.Image?.Url, article.PublishedAt, article.UpdatedAt,
                article.Author is { } author ? [new JsonFeedAuthor(author.Name)] : null,
                [article.Category.Name, .. article.Tags.Select(t => t.Name)], article.Language);
        }).ToList();
        var feed = new JsonFeed("https://jsonfeed.org/version/1.1", settings.Title, links.Home, links.Absolute("/feeds/feed.json"), settings.Description, settings.Language, items);
        return TypedResults.Json(feed, contentType: FeedDocuments.JsonFeedContentType);
    }

    public static FileContentHttpResult GetSitemap(FeedStore store, IOptions<NewsApiOptions> options, HttpRequest request)
    {
        var perFile = Math.Max(1, options.Value.Feeds.SitemapUrlsPerFile);
        var links = new FeedLinks(request, options);
        if (store.CountPublic() <= perFile)
        {
            return TypedResults.Bytes(FeedDocuments.UrlSet(links, store.SitemapPage(1, perFile)), FeedDocuments.XmlContentType);
        }

        var files = store.SitemapPageLastModified(perFile)
            .Select((lastModified, i) => (links.Absolute(string.Create(CultureInfo.InvariantCulture, $"/sitemaps/articles-{i + 1}.xml")), lastModified))
            .ToList();
        return TypedResults.Bytes(FeedDocuments.SitemapIndex(files), FeedDocuments.XmlContentType);
    }

    public static Results<FileContentHttpResult, ProblemHttpResult> GetSitemapPage(
        [Description("File number, from 1, as named by the sitemap index.")] int page, FeedStore store, IOptions<NewsApiOptions> options, HttpRequest request)
    {
        var perFile = Math.Max(1, options.Value.Feeds.SitemapUrlsPerFile);
        var entries = page >= 1 ? store.SitemapPage(page, perFile) : [];
        return entries.Count == 0 && page != 1
            ? Problems.NotFound(Messages.RouteNotFound)
            : TypedResults.Bytes(FeedDocuments.UrlSet(new FeedLinks(request, options), entries), FeedDocuments.XmlContentType);
    }

    public static FileContentHttpResult GetNewsSitemap(FeedStore store, IOptions<NewsApiOptions> options, HttpRequest request) =>
        TypedResults.Bytes(
            FeedDocuments.NewsSitemap(new FeedLinks(request, options), options.Value.Feeds.Title, store.PublishedWithin(NewsWindowVersion.Window)),
            FeedDocuments.XmlContentType);

    /// <summary>
    /// The news sitemap changes when content does and when an article ages out of the window, with no write:
    /// its Last-Modified is the later of the two, so a revalidation after an article left is answered 200.
    /// </summary>
    private sealed class NewsWindowVersion : IContentVersionSource
    {
        public static readonly TimeSpan Window = TimeSpan.FromHours(48);

        public ContentVersion Current(HttpContext context, ContentVersion content) =>
            context.RequestServices.GetRequiredService<FeedStore>().LastPublishedBefore(Window) is { } left && left + Window > content.LastModified
                ? content with { LastModified = left + Window }
                : content;
    }
}
