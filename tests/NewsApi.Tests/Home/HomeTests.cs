using System.Net;
using System.Text.Json;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Home;

/// <summary>A new user opening the service's address gets a small JSON index of where to go, and every link works.</summary>
public sealed class HomeTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_root_answers_a_JSON_index_whose_links_all_answer_200()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/");
        var index = await response.JsonAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("NewsApi", index.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(index.GetProperty("version").GetString()));
        var links = Links(index);
        Assert.Equal("/docs", links["docs"]);
        Assert.Equal("/openapi/v1.json", links["openApi"]);
        Assert.Equal("/api/v1/articles", links["articles"]);
        Assert.Equal("/feeds/rss.xml", links["rss"]);
        Assert.Equal("/feeds/feed.json", links["jsonFeed"]);
        Assert.Equal("/sitemap.xml", links["sitemap"]);
        Assert.Equal("/health/ready", links["health"]);
        foreach (var (name, href) in links)
        {
            using var followed = await client.GetAsync(href);
            Assert.True(followed.StatusCode == HttpStatusCode.OK, $"{name}: {href} answered {(int)followed.StatusCode}");
        }
    }

    [Fact]
    public async Task The_root_leaves_out_the_docs_when_they_are_disabled()
    {
        using var client = _factory.With("NewsApi:Docs:Enabled", "false").CreateClient();

        var links = Links(await (await client.GetAsync("/")).JsonAsync());

        Assert.False(links.ContainsKey("docs"));
        Assert.False(links.ContainsKey("openApi"));
        Assert.Equal("/api/v1/articles", links["articles"]);
    }

    [Fact]
    public async Task The_root_is_cacheable_and_revalidates_like_other_public_reads()
    {
        using var client = _factory.CreateClient();

        var first = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(first.Headers.ETag);
        Assert.Contains("public", first.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    private static Dictionary<string, string> Links(JsonElement index) =>
        index.GetProperty("links").EnumerateObject().ToDictionary(link => link.Name, link => link.Value.GetString()!);
}
