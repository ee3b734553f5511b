using System.Net;
using System.Xml.Linq;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Feeds;

/// <summary>Every sitemap is valid against the sitemap schemas (see <see cref="SitemapSchemas"/>), whatever the content.</summary>
public sealed class SitemapSchemaTests
{
    private static readonly XNamespace Sitemap = SitemapSchemas.Sitemap;
    private static readonly XNamespace News = SitemapSchemas.News;

    private static async Task<XDocument> ValidAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        SitemapSchemas.AssertValid(body, path);
        return XDocument.Parse(body);
    }

    [Fact]
    public async Task With_no_published_article_every_sitemap_is_valid_and_names_the_home_page()
    {
        using var factory = new NewsApiFactory().With("NewsApi:Database:SeedDemoContent", "false");
        var client = factory.CreateClient();

        foreach (var path in new[] { "/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/news.xml" })
        {
            var sitemap = await ValidAsync(client, path);

            var url = Assert.Single(sitemap.Root!.Elements(Sitemap + "url"));
            Assert.Equal("http://localhost/", url.Element(Sitemap + "loc")!.Value);
            Assert.Null(url.Element(News + "news"));
        }
    }

    [Fact]
    public async Task A_news_sitemap_with_nothing_from_the_last_48_hours_is_valid()
    {
        // The demo articles were published in 2024: none is in the window.
        using var factory = new NewsApiFactory();

        var news = await ValidAsync(factory.CreateClient(), "/sitemaps/news.xml");

        Assert.Empty(news.Root!.Descendants(News + "news"));
    }

    [Fact]
    public async Task Sitemaps_with_articles_and_a_sitemap_index_are_valid()
    {
        using var factory = new NewsApiFactory().With("NewsApi:Feeds:SitemapUrlsPerFile", "3");
        var client = factory.CreateClient();
        await new Newsroom(factory).PublishAsync("خبر اليوم & <تحليل>", "اخبار-عالمية-وسفارات");

        var index = await ValidAsync(client, "/sitemap.xml");
        var news = await ValidAsync(client, "/sitemaps/news.xml");
        foreach (var file in index.Root!.Elements(Sitemap + "sitemap"))
        {
            await ValidAsync(client, new Uri(file.Element(Sitemap + "loc")!.Value).AbsolutePath);
        }

        Assert.Equal(Sitemap + "sitemapindex", index.Root.Name);
        Assert.Equal("خبر اليوم & <تحليل>", Assert.Single(news.Root!.Descendants(News + "title")).Value);
    }
}
