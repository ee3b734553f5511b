using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Feeds;

public sealed class FeedTests : IDisposable
{
    private const string World = "اخبار-عالمية-وسفارات";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";

    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _client;
    private readonly Newsroom _newsroom;

    public FeedTests()
    {
        _client = _factory.CreateClient();
        _newsroom = new Newsroom(_factory);
    }

    public void Dispose() => _factory.Dispose();

    private static readonly string[] Paths =
    [
        "/feeds/rss.xml",
        $"/feeds/categories/{Uri.EscapeDataString(World)}/rss.xml",
        "/feeds/feed.json",
        "/sitemap.xml",
        "/sitemaps/news.xml",
        "/sitemaps/articles-1.xml",
    ];

    private async Task<XDocument> XmlAsync(string path, string mediaType = "application/xml")
    {
        var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return XDocument.Parse(body);
    }

    private async Task<string> RawAsync(string path) => await (await _client.GetAsync(path)).Content.ReadAsStringAsync();

    private List<(string Title, string Slug)> PublicArticles()
    {
        using var db = _factory.OpenDatabase();
        return db.Query<(string, string)>("SELECT title, slug FROM articles WHERE status = 'published'").ToList();
    }

    private List<string> HiddenTitles()
    {
        using var db = _factory.OpenDatabase();
        return db.Query<string>("SELECT title FROM articles WHERE status <> 'published'").ToList();
    }

    [Fact]
    public async Task The_rss_feed_has_the_required_channel_and_item_elements()
    {
        var rss = await XmlAsync("/feeds/rss.xml", "application/rss+xml");

        var channel = rss.Root!.Element("channel")!;
        Assert.Equal("rss", rss.Root.Name.LocalName);
        Assert.Equal("2.0", rss.Root.Attribute("version")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(channel.Element("title")?.Value));
        Assert.StartsWith("http://localhost/", channel.Element("link")?.Value, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(channel.Element("description")?.Value));
        var items = channel.Elements("item").ToList();
        Assert.Equal(Math.Min(50, PublicArticles().Count), items.Count);
        Assert.All(items, item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Element("title")?.Value));
            Assert.True(Uri.IsWellFormedUriString(item.Element("link")?.Value, UriKind.Absolute));
            Assert.Equal(item.Element("link")?.Value, item.Element("guid")?.Value);
            Assert.True(DateTimeOffset.TryParseExact(item.Element("pubDate")?.Value, "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), item.Element("pubDate")?.Value);
            Assert.NotEmpty(item.Elements("category"));
            Assert.NotNull(item.Element("description"));
            Assert.StartsWith("<", item.Element(Content + "encoded")?.Value, StringComparison.Ordinal);
        });
        var first = items.First(i => i.Element("title")!.Value == SeedArticle.Title);
        Assert.Equal($"http://localhost/api/v1/articles/{SeedArticle.EncodedSlug}", first.Element("link")!.Value);
        Assert.Contains(first.Elements("category"), c => c.Value == SeedArticle.CategoryName);
        Assert.Contains(SeedArticle.SubHeading, first.Element(Content + "encoded")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_category_feed_has_only_that_category_and_an_unknown_category_is_a_404_problem()
    {
        var rss = await XmlAsync($"/feeds/categories/{Uri.EscapeDataString(World)}/rss.xml", "application/rss+xml");

        var items = rss.Root!.Element("channel")!.Elements("item").ToList();
        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.Contains(item.Elements("category"), c => c.Value == SeedArticle.CategoryName));
        Assert.Contains(SeedArticle.CategoryName, rss.Root.Element("channel")!.Element("title")!.Value, StringComparison.Ordinal);
        await (await _client.GetAsync($"/feeds/categories/{Uri.EscapeDataString("قسم-غير-موجود")}/rss.xml")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_parent_category_feed_includes_its_sub_categories()
    {
        var rss = await XmlAsync($"/feeds/categories/{Uri.EscapeDataString("رياضة")}/rss.xml", "application/rss+xml");

        Assert.Contains(rss.Root!.Element("channel")!.Elements("item"), item => item.Elements("category").Any(c => c.Value == "كرة القدم"));
    }

    [Fact]
    public async Task The_json_feed_is_json_feed_1_1()
    {
        var response = await _client.GetAsync("/feeds/feed.json");
        var feed = await response.JsonAsync();

        Assert.Equal("application/feed+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://jsonfeed.org/version/1.1", feed.GetProperty("version").GetString());
        Assert.False(string.IsNullOrWhiteSpace(feed.GetProperty("title").GetString()));
        Assert.Equal("http://localhost/feeds/feed.json", feed.GetProperty("feed_url").GetString());
        var items = feed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Math.Min(50, PublicArticles().Count), items.Count);
        Assert.All(items, item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("id").GetString()));
            Assert.True(Uri.IsWellFormedUriString(item.GetProperty("url").GetString(), UriKind.Absolute));
            Assert.StartsWith("<", item.GetProperty("content_html").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.String, item.GetProperty("date_published").ValueKind);
        });
        Assert.Contains(items, item => item.GetProperty("title").GetString() == SeedArticle.Title);
        Assert.Contains(SeedArticle.Title, await RawAsync("/feeds/feed.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sitemap_lists_every_published_article_with_loc_and_lastmod()
    {
        var sitemap = await XmlAsync("/sitemap.xml");

        Assert.Equal(Sitemap + "urlset", sitemap.Root!.Name);
        var urls = sitemap.Root.Elements(Sitemap + "url").ToList();
        Assert.Equal(PublicArticles().Count, urls.Count);
        Assert.All(urls, url =>
        {
            Assert.True(Uri.IsWellFormedUriString(url.Element(Sitemap + "loc")?.Value, UriKind.Absolute));
            Assert.True(DateTimeOffset.TryParse(url.Element(Sitemap + "lastmod")?.Value, CultureInfo.InvariantCulture, out _));
        });
        Assert.Contains(urls, url => url.Element(Sitemap + "loc")!.Value == $"http://localhost/api/v1/articles/{SeedArticle.EncodedSlug}");
    }

    [Fact]
    public async Task Drafts_and_scheduled_articles_are_in_no_feed_or_sitemap()
    {
        var hidden = HiddenTitles();
        Assert.NotEmpty(hidden);
        var everything = string.Join("\n", await Task.WhenAll(Paths.Select(RawAsync)));

        Assert.All(hidden, title => Assert.DoesNotContain(title, everything, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fresh_article_is_in_the_news_sitemap_with_its_publication_date_and_title()
    {
        var id = await _newsroom.PublishAsync("عاجل: افتتاح معرض القاهرة الدولى للكتاب", World);

        var news = await XmlAsync("/sitemaps/news.xml");

        var urls = news.Root!.Elements(Sitemap + "url").ToList();
        var url = Assert.Single(urls);
        var entry = url.Element(News + "news")!;
        Assert.Equal("NewsApi", entry.Element(News + "publication")!.Element(News + "name")!.Value);
        Assert.Equal("ar", entry.Element(News + "publication")!.Element(News + "language")!.Value);
        Assert.Equal("عاجل: افتتاح معرض القاهرة الدولى للكتاب", entry.Element(News + "title")!.Value);
        Assert.True(DateTimeOffset.TryParse(entry.Element(News + "publication_date")!.Value, CultureInfo.InvariantCulture, out var date));
        Assert.True((_factory.Clock.Now - date).Duration() < TimeSpan.FromMinutes(1));
        Assert.EndsWith("/api/v1/articles/" + Uri.EscapeDataString("عاجل-افتتاح-معرض-القاهرة-الدولى-للكتاب"), url.Element(Sitemap + "loc")!.Value, StringComparison.Ordinal);

        Assert.True(id > 0);
    }

    [Fact]
    public async Task An_article_ageing_out_of_the_news_sitemap_changes_its_validators_without_any_write()
    {
        await _newsroom.PublishAsync("خبر يخرج من خريطة الأخبار بعد يومين", World);
        var fresh = await _client.GetAsync("/sitemaps/news.xml");
        Assert.Contains("خبر يخرج من خريطة الأخبار بعد يومين", await fresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _factory.Clock.Now = _factory.Clock.Now.AddHours(49);
        using var byTag = new HttpRequestMessage(HttpMethod.Get, "/sitemaps/news.xml");
        byTag.Headers.IfNoneMatch.Add(fresh.Headers.ETag!);
        using var byDate = new HttpRequestMessage(HttpMethod.Get, "/sitemaps/news.xml");
        byDate.Headers.IfModifiedSince = fresh.Content.Headers.LastModified;
        var revalidated = await _client.SendAsync(byTag);
        var sinceDate = await _client.SendAsync(byDate);

        Assert.Equal(HttpStatusCode.OK, revalidated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sinceDate.StatusCode);
        Assert.Empty(XDocument.Parse(await revalidated.Content.ReadAsStringAsync()).Root!.Descendants(News + "news"));
        using var again = new HttpRequestMessage(HttpMethod.Get, "/sitemaps/news.xml");
        again.Headers.IfNoneMatch.Add(revalidated.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Special_characters_are_escaped_and_unpublishing_removes_the_article_everywhere()
    {
        const string title = "الأسواق & البورصة <تحليل> \"خاص\" فى يوم واحد";
        var id = await _newsroom.PublishAsync(title, World, ["الاقتصاد & المال"]);
        var slugged = Uri.EscapeDataString(_newsroom.ArticleSlug(id));

        var rss = await XmlAsync("/feeds/rss.xml", "application/rss+xml");
        var rawRss = await RawAsync("/feeds/rss.xml");
        var feed = await (await _client.GetAsync("/feeds/feed.json")).JsonAsync();
        var sitemap = await RawAsync("/sitemap.xml");
        var news = await XmlAsync("/sitemaps/news.xml");
        var category = await RawAsync($"/feeds/categories/{Uri.EscapeDataString(World)}/rss.xml");

        // RSS text is HTML to readers: escaped once for HTML, once more by XML (see FeedReaderTests).
        Assert.Contains(rss.Root!.Descendants("item"), item => WebUtility.HtmlDecode(item.Element("title")!.Value) == title
            && item.Elements("category").Any(c => WebUtility.HtmlDecode(c.Value) == "الاقتصاد & المال"));
        Assert.Contains("الأسواق &amp;amp; البورصة &amp;lt;تحليل&amp;gt;", rawRss, StringComparison.Ordinal);
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), item => item.GetProperty("title").GetString() == title);
        Assert.Contains(slugged, sitemap, StringComparison.Ordinal);
        Assert.Contains(news.Root!.Descendants(News + "title"), t => t.Value == title);
        Assert.Contains(slugged, category, StringComparison.Ordinal);

        await _newsroom.UnpublishAsync(id);

        foreach (var path in Paths)
        {
            var body = await RawAsync(path);
            Assert.DoesNotContain(slugged, body, StringComparison.Ordinal);
            Assert.DoesNotContain("البورصة &lt;تحليل&gt;", body, StringComparison.Ordinal);
            Assert.DoesNotContain("البورصة \\u003Cتحليل", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_write_changes_the_validators_of_the_feeds()
    {
        var first = await _client.GetAsync("/feeds/rss.xml");
        await _newsroom.PublishAsync("خبر جديد يغير الخلاصة", World);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/rss.xml");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("خبر جديد يغير الخلاصة", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_archive_gets_a_sitemap_index_whose_files_cover_every_article()
    {
        using var factory = new NewsApiFactory().With("NewsApi:Feeds:SitemapUrlsPerFile", "10");
        var client = factory.CreateClient();
        int published;
        using (var db = factory.OpenDatabase())
        {
            published = db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE status = 'published'");
        }

        var index = XDocument.Parse(await (await client.GetAsync("/sitemap.xml")).Content.ReadAsStringAsync());
        var files = index.Root!.Elements(Sitemap + "sitemap").ToList();
        var locs = new List<string>();
        foreach (var file in files)
        {
            Assert.True(DateTimeOffset.TryParse(file.Element(Sitemap + "lastmod")?.Value, CultureInfo.InvariantCulture, out _));
            var path = new Uri(file.Element(Sitemap + "loc")!.Value).AbsolutePath;
            var page = XDocument.Parse(await (await client.GetAsync(path)).Content.ReadAsStringAsync());
            locs.AddRange(page.Root!.Elements(Sitemap + "url").Select(u => u.Element(Sitemap + "loc")!.Value));
        }

        Assert.Equal(Sitemap + "sitemapindex", index.Root.Name);
        Assert.Equal((published + 9) / 10, files.Count);
        Assert.Equal(published, locs.Distinct().Count());
        await (await client.GetAsync($"/sitemaps/articles-{files.Count + 1}.xml")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/sitemaps/articles-0.xml")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Links_follow_the_configured_public_base_url_and_article_template()
    {
        using var factory = new NewsApiFactory()
            .With("NewsApi:PublicBaseUrl", "https://news.example.com/")
            .With("NewsApi:Feeds:ArticleUrlTemplate", "{base}/news/{id}/{slug}");
        var client = factory.CreateClient();

        var rss = XDocument.Parse(await (await client.GetAsync("/feeds/rss.xml")).Content.ReadAsStringAsync());
        var sitemap = await (await client.GetAsync("/sitemap.xml")).Content.ReadAsStringAsync();
        var feed = await (await client.GetAsync("/feeds/feed.json")).JsonAsync();

        Assert.All(rss.Root!.Descendants("item"), item => Assert.Matches(@"^https://news\.example\.com/news/\d+/%", item.Element("link")!.Value));
        Assert.Equal("https://news.example.com/", rss.Root.Element("channel")!.Element("link")!.Value);
        Assert.Contains("<loc>https://news.example.com/news/", sitemap, StringComparison.Ordinal);
        Assert.Equal("https://news.example.com/feeds/feed.json", feed.GetProperty("feed_url").GetString());
    }
}
