using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Http;

public sealed class ConditionalGetTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> PublicGets => new()
    {
        "/api/v1/articles",
        $"/api/v1/articles/{SeedArticle.EncodedSlug}",
        "/api/v1/categories",
        $"/api/v1/categories/{Uri.EscapeDataString(SeedArticle.CategorySlug)}",
        "/api/v1/tags",
        "/api/v1/authors",
        $"/api/v1/articles/{SeedArticle.EncodedSlug}/related",
        "/feeds/rss.xml",
        $"/feeds/categories/{Uri.EscapeDataString(SeedArticle.CategorySlug)}/rss.xml",
        "/feeds/feed.json",
        "/sitemap.xml",
        "/sitemaps/articles-1.xml",
        "/sitemaps/news.xml",
    };

    [Theory]
    [MemberData(nameof(PublicGets))]
    public async Task Every_public_get_sends_validators_and_cache_control(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [MemberData(nameof(PublicGets))]
    public async Task A_matching_If_None_Match_answers_304_with_no_body(string path)
    {
        var first = await _client.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task If_Modified_Since_at_or_after_Last_Modified_answers_304_and_before_it_200()
    {
        var first = await _client.GetAsync("/api/v1/articles");
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var same = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        same.Headers.IfModifiedSince = lastModified;
        using var earlier = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        earlier.Headers.IfModifiedSince = lastModified.AddSeconds(-1);

        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(same)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(earlier)).StatusCode);
    }

    [Fact]
    public async Task A_stale_ETag_gets_the_new_content_after_a_write()
    {
        var first = await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}");
        factory.WriteRaw("UPDATE articles SET excerpt = excerpt || ' ' WHERE slug = @Slug", new { SeedArticle.Slug });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{SeedArticle.EncodedSlug}");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task Errors_are_not_marked_cacheable_and_carry_no_ETag()
    {
        var response = await _client.GetAsync("/api/v1/articles/no-such-article");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.DoesNotContain("public", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }
}
