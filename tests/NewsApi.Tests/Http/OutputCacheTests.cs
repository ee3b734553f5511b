using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Http;

/// <summary>The server-side cache must never serve stale content or another client's encoding.</summary>
public sealed class OutputCacheTests : IDisposable
{
    // Feeds are asked for under two host names, which the site must list (Production builds links from an allowed host only).
    private readonly NewsApiFactory _factory = new NewsApiFactory().With("NewsApi:Cors:AllowedOrigins:0", "https://a.example").With("NewsApi:Cors:AllowedOrigins:1", "https://b.example")
        .With("AllowedHosts", "localhost;a.example;b.example");

    public void Dispose() => _factory.Dispose();

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Stream stream = new MemoryStream(bytes);
        stream = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(stream, CompressionMode.Decompress),
            "gzip" => new GZipStream(stream, CompressionMode.Decompress),
            null => stream,
            var other => throw new InvalidOperationException(other),
        };
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? encoding = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(encoding);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await _factory.CreateDefaultClient().SendAsync(request);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task A_repeated_public_GET_comes_from_the_cache_unless_it_is_turned_off(string setting, bool cached)
    {
        using var factory = new NewsApiFactory().With("NewsApi:Http:OutputCache", setting);
        var client = factory.CreateClient();

        await client.GetAsync("/api/v1/articles?pageSize=3");
        var again = await client.GetAsync("/api/v1/articles?pageSize=3");

        // The output cache stamps what it serves with Age; a freshly made answer has none.
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(cached, again.Headers.Age is not null);
    }

    [Fact]
    public void The_caches_memory_bound_comes_from_configuration()
    {
        using var factory = new NewsApiFactory().With("NewsApi:Http:OutputCacheSizeMiB", "3");

        var options = factory.Services.GetRequiredService<IOptions<OutputCacheOptions>>().Value;

        Assert.Equal(3L * 1024 * 1024, options.SizeLimit);
    }

    [Fact]
    public async Task Cached_feeds_keep_each_hosts_links_and_show_a_new_article_at_once()
    {
        var client = _factory.CreateClient();
        async Task<HttpResponseMessage> FeedAsync(string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/rss.xml");
            request.Headers.Host = host;
            return await client.SendAsync(request);
        }

        await FeedAsync("a.example");
        await FeedAsync("b.example");
        var a = await FeedAsync("a.example");
        var b = await FeedAsync("b.example");
        await new Newsroom(_factory).PublishAsync("خبر جديد في الخلاصة", SeedArticle.CategorySlug);
        var afterWrite = await FeedAsync("a.example");

        Assert.NotNull(a.Headers.Age);
        Assert.Contains("http://a.example/", await a.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("b.example", await a.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("http://b.example/", await b.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("a.example", await b.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("خبر جديد في الخلاصة", await afterWrite.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compressed_and_uncompressed_clients_never_get_each_others_bytes()
    {
        foreach (var encoding in new[] { "br", null, "gzip", null, "br", "gzip" })
        {
            var response = await GetAsync("/api/v1/articles", encoding);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(encoding, response.Content.Headers.ContentEncoding.SingleOrDefault());
            Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await BodyAsync(response)).RootElement.GetProperty("items").ValueKind);
        }
    }

    [Fact]
    public async Task Each_allowed_origin_gets_its_own_CORS_answer_from_the_cache()
    {
        var a = await GetAsync("/api/v1/categories", origin: "https://a.example");
        var b = await GetAsync("/api/v1/categories", origin: "https://b.example");
        var none = await GetAsync("/api/v1/categories", origin: "https://evil.example");

        Assert.Equal("https://a.example", a.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("https://b.example", b.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(none.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Every_kind_of_write_is_seen_at_once_through_the_cache()
    {
        var editor = _factory.CreateEditorClient();
        async Task<string> ListAsync() => await BodyAsync(await GetAsync("/api/v1/articles?pageSize=100"));
        var first = await ListAsync();
        Assert.Equal(first, await ListAsync());

        var created = await (await editor.PostAsJsonAsync("/api/v1/admin/articles", new { title = "خبر جديد يظهر فورا", bodyHtml = "<p>نص.</p>", categoryId = 1 })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.DoesNotContain("خبر جديد يظهر فورا", await ListAsync(), StringComparison.Ordinal);

        await editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { });
        Assert.Contains("خبر جديد يظهر فورا", await ListAsync(), StringComparison.Ordinal);

        // A write by another connection (another process such as the CLI behaves the same) is seen too.
        _factory.WriteRaw("UPDATE articles SET title = 'عنوان عدل مباشرة' WHERE id = @id", new { id });

        Assert.Contains("عنوان عدل مباشرة", await ListAsync(), StringComparison.Ordinal);

        await editor.PostAsync($"/api/v1/admin/articles/{id}/unpublish", null);
        Assert.DoesNotContain("عنوان عدل مباشرة", await ListAsync(), StringComparison.Ordinal);

        // A category is public from its first published article on.
        var category = await (await editor.PostAsJsonAsync("/api/v1/admin/categories", new { name = "قسم جديد" })).JsonAsync(HttpStatusCode.Created);
        Assert.DoesNotContain("قسم جديد", await BodyAsync(await GetAsync("/api/v1/categories")), StringComparison.Ordinal);
        var opening = await (await editor.PostAsJsonAsync("/api/v1/admin/articles", new { title = "أول خبر في القسم الجديد", bodyHtml = "<p>نص.</p>", categoryId = category.GetProperty("id").GetInt32() })).JsonAsync(HttpStatusCode.Created);
        await editor.PostAsJsonAsync($"/api/v1/admin/articles/{opening.GetProperty("id").GetInt32()}/publish", new { });
        Assert.Contains("قسم جديد", await BodyAsync(await GetAsync("/api/v1/categories")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ETag_changes_exactly_when_content_changes()
    {
        var first = (await GetAsync("/api/v1/articles")).Headers.ETag;
        var again = (await GetAsync("/api/v1/articles")).Headers.ETag;
        _factory.WriteRaw("UPDATE tags SET name = name || '.' WHERE id = 1");
        var after = (await GetAsync("/api/v1/articles")).Headers.ETag;

        Assert.Equal(first, again);
        Assert.NotEqual(first, after);
    }
}
