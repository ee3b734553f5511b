using System.Net;
using Dapper;
using System.Xml.Linq;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Feeds;

/// <summary>
/// Feeds read the way feed readers read them: the XML is parsed, then the text of <c>title</c>, <c>description</c>,
/// <c>category</c> (and the channel's) is taken as HTML. Text an editor typed must come out as the same visible text,
/// never as markup.
/// </summary>
public sealed class FeedReaderTests : IDisposable
{
    private const string World = "اخبار-عالمية-وسفارات";
    private const string SiteTitle = "<b>أخبار</b> & <i>تحليلات</i>";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    private readonly NewsApiFactory _factory = new NewsApiFactory().With("NewsApi:Feeds:Title", SiteTitle);
    private readonly HttpClient _client;
    private readonly Newsroom _newsroom;

    public FeedReaderTests()
    {
        _client = _factory.CreateClient();
        _newsroom = new Newsroom(_factory);
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>
    /// What a reader that renders the element as HTML shows: no tag at all (an HTML parser finds an element only
    /// after a '&lt;' in the decoded XML text), and, once its character references are decoded, the text typed.
    /// </summary>
    private static void AssertReadsAsText(string expectedText, XElement? element)
    {
        Assert.NotNull(element);
        var html = element.Value;
        Assert.False(html.Contains('<', StringComparison.Ordinal), $"<{element.Name.LocalName}> carries markup: {html}");
        Assert.Equal(expectedText, WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task Markup_typed_as_text_is_shown_as_text_by_an_rss_reader_not_run_as_html()
    {
        const string title = "عنوان <img src=x onerror=alert(1)> & \"خاص\"";
        const string tag = "<script>alert(2)</script>وسم";
        var id = await _newsroom.PublishAsync(title, World, [tag], body: "<p>&lt;img src=x onerror=alert(3)&gt; نص الخبر</p>");

        var response = await _client.GetAsync("/feeds/rss.xml");
        var rss = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var channel = rss.Root!.Element("channel")!;
        AssertReadsAsText(SiteTitle, channel.Element("title"));
        var item = channel.Elements("item").Single(i => i.Element("link")!.Value.EndsWith(Uri.EscapeDataString(_newsroom.ArticleSlug(id)), StringComparison.Ordinal));
        AssertReadsAsText(title, item.Element("title"));
        AssertReadsAsText("<img src=x onerror=alert(3)> نص الخبر", item.Element("description"));
        AssertReadsAsText(tag, item.Elements("category").Single(c => c.Value.Contains("script", StringComparison.Ordinal)));
        // content:encoded is HTML already: sanitised, with the typed markup still escaped as text.
        Assert.DoesNotContain("<img", item.Element(Content + "encoded")!.Value, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(3)&gt;", item.Element(Content + "encoded")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_category_feed_title_shows_a_category_name_with_markup_as_text()
    {
        var response = await _client.GetAsync($"/feeds/categories/{Uri.EscapeDataString(World)}/rss.xml");
        var channel = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("channel")!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertReadsAsText($"{SiteTitle} — {SeedArticle.CategoryName}", channel.Element("title"));
    }

    [Fact]
    public async Task The_json_feed_keeps_text_fields_as_text_and_only_content_html_as_html()
    {
        const string title = "عنوان <img src=x onerror=alert(1)> & \"خاص\"";
        var id = await _newsroom.PublishAsync(title, World, body: "<p>&lt;img src=x onerror=alert(3)&gt; نص الخبر</p>");

        var feed = await (await _client.GetAsync("/feeds/feed.json")).JsonAsync();

        // JSON Feed 1.1: title and summary are plain text (a reader shows them as is); content_html is HTML.
        Assert.Equal(SiteTitle, feed.GetProperty("title").GetString());
        var item = feed.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("url").GetString()!.EndsWith(Uri.EscapeDataString(_newsroom.ArticleSlug(id)), StringComparison.Ordinal));
        Assert.Equal(title, item.GetProperty("title").GetString());
        Assert.Equal("<img src=x onerror=alert(3)> نص الخبر", item.GetProperty("summary").GetString());
        Assert.DoesNotContain("<img", item.GetProperty("content_html").GetString(), StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(3)&gt;", item.GetProperty("content_html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_and_sitemaps_stay_valid_xml_when_stored_text_holds_characters_xml_forbids()
    {
        // Written past the API, as an import or a database from before the rule could have it.
        var id = await _newsroom.PublishAsync("خبر عاجل", World, ["وسم"]);
        using (var db = _factory.OpenDatabase())
        {
            db.Execute("UPDATE articles SET title = @Title, excerpt = @Excerpt WHERE id = @id", new { Title = "خبر\vعاجل\uFFFF", Excerpt = "ملخص\u0001", id });
            db.Execute("UPDATE tags SET name = @Name WHERE slug = 'وسم'", new { Name = "وسم\f" });
            db.Execute("UPDATE categories SET name = name || @Suffix WHERE slug = @World", new { Suffix = "\u001F", World });
        }

        foreach (var path in new[] { "/feeds/rss.xml", $"/feeds/categories/{Uri.EscapeDataString(World)}/rss.xml", "/sitemaps/news.xml", "/sitemap.xml" })
        {
            var response = await _client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
            var xml = XDocument.Parse(body); // throws on any character XML 1.0 forbids
            if (!path.StartsWith("/sitemap.xml", StringComparison.Ordinal))
            {
                Assert.Contains(xml.Descendants(), e => !e.HasElements && e.Value == "خبرعاجل");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/feeds/feed.json")).StatusCode);
    }
}
