using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using NewsApi.Tests.Infrastructure;
using NewsApi.Tests.Reliability;

namespace NewsApi.Tests.Feeds;

/// <summary>
/// Where the absolute links of feeds and sitemaps come from: <c>NewsApi:PublicBaseUrl</c>, or the request when
/// <c>AllowedHosts</c> names the site's hosts; a forwarded scheme only when it is http or https. Through real Kestrel
/// sockets, where a trusted (loopback) proxy's headers are applied.
/// </summary>
public sealed class FeedLinkTests
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private static NewsApiFactory OnKestrel()
    {
        var factory = new NewsApiFactory().With("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0");
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    private static async Task<(string Channel, string Loc)> LinksAsync(HttpClient client, string? forwardedProto)
    {
        using var rss = new HttpRequestMessage(HttpMethod.Get, "/feeds/rss.xml");
        using var sitemap = new HttpRequestMessage(HttpMethod.Get, "/sitemap.xml");
        foreach (var request in new[] { rss, sitemap })
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            if (forwardedProto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            }
        }

        var channel = XDocument.Parse(await (await client.SendAsync(rss)).Content.ReadAsStringAsync()).Root!.Element("channel")!.Element("link")!.Value;
        var loc = XDocument.Parse(await (await client.SendAsync(sitemap)).Content.ReadAsStringAsync()).Root!.Descendants(Sitemap + "loc").First().Value;
        return (channel, loc);
    }

    [Fact]
    public async Task A_trusted_proxy_may_forward_http_or_https_but_any_other_scheme_is_ignored()
    {
        using var factory = OnKestrel();
        var client = factory.CreateClient();
        var origin = $"127.0.0.1:{client.BaseAddress!.Port}";

        var https = await LinksAsync(client, "https");
        var script = await LinksAsync(client, "javascript");
        var data = await LinksAsync(client, "data");

        Assert.Equal($"https://{origin}/", https.Channel);
        Assert.StartsWith($"https://{origin}/api/v1/articles/", https.Loc, StringComparison.Ordinal);
        Assert.Equal($"http://{origin}/", script.Channel);
        Assert.StartsWith($"http://{origin}/api/v1/articles/", script.Loc, StringComparison.Ordinal);
        Assert.Equal($"http://{origin}/", data.Channel);
    }

    [Fact]
    public async Task A_host_that_allowed_hosts_does_not_list_gets_no_feed()
    {
        using var factory = OnKestrel();
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/rss.xml");
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_the_server_refuses_to_start_without_a_public_base_url_or_listed_hosts()
    {
        var directory = Directory.CreateTempSubdirectory("newsapi-links-");
        try
        {
            using var server = ServerProcess.Launch(Path.Combine(directory.FullName, "news.db"), new Dictionary<string, string> { ["AllowedHosts"] = "*" });

            Assert.True(await server.WaitForExitAsync(ServerProcess.StartTimeout), $"The server started anyway.\n{server.Output}");
            Assert.NotEqual(0, server.ExitCode);
            Assert.Contains("NewsApi:PublicBaseUrl is required in Production", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task In_production_a_public_base_url_is_enough_and_links_ignore_the_request_host()
    {
        using var factory = new NewsApiFactory().With("AllowedHosts", "*").With("NewsApi:PublicBaseUrl", "https://news.example.com");

        var links = await LinksAsync(factory.CreateClient(), "http");

        Assert.Equal("https://news.example.com/", links.Channel);
        Assert.StartsWith("https://news.example.com/api/v1/articles/", links.Loc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_links_follow_the_request_with_no_setting()
    {
        using var factory = new NewsApiFactory().With("environment", "Development").With("AllowedHosts", "*");

        var links = await LinksAsync(factory.CreateClient(), null);

        Assert.Equal("http://localhost/", links.Channel);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("news.example.com")]
    [InlineData("/news")]
    [InlineData("ftp://news.example.com")]
    [InlineData("https://news.example.com/?utm=x")]
    public void A_public_base_url_that_is_not_an_absolute_http_url_stops_start_up(string value)
    {
        using var factory = new NewsApiFactory().With("NewsApi:PublicBaseUrl", value);

        var refused = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("NewsApi:PublicBaseUrl must be an absolute http or https URL", refused.Message, StringComparison.Ordinal);
    }
}
