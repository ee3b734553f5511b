using System.Net;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Articles;

/// <summary>Drafts and scheduled articles must not show on any public route, in any form.</summary>
public sealed class VisibilityTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _client;

    public VisibilityTests()
    {
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private List<(long Id, string Slug, string Title, string Status)> Hidden()
    {
        using var db = _factory.OpenDatabase();
        return db.Query<(long, string, string, string)>("SELECT id, slug, title, status FROM articles WHERE status <> 'published'").ToList();
    }

    private async Task<string> EveryPublicListAsync()
    {
        var bodies = new List<string>();
        foreach (var path in new[] { "/api/v1/articles?pageSize=100", "/api/v1/articles?pageSize=100&sort=oldest", "/api/v1/categories", "/api/v1/tags?pageSize=100", "/api/v1/authors?pageSize=100" })
        {
            var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        return string.Join("\n", bodies);
    }

    [Fact]
    public async Task Drafts_and_scheduled_articles_appear_on_no_public_route()
    {
        var hidden = Hidden();
        Assert.Contains(hidden, a => a.Status == "draft");
        Assert.Contains(hidden, a => a.Status == "scheduled");

        var lists = await EveryPublicListAsync();
        foreach (var article in hidden)
        {
            Assert.DoesNotContain(article.Title, lists, StringComparison.Ordinal);
            Assert.DoesNotContain(article.Slug, lists, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(article.Slug)}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/articles/{article.Id}")).StatusCode);
        }
    }

    [Fact]
    public async Task Category_counts_do_not_count_hidden_articles()
    {
        using var db = _factory.OpenDatabase();
        var categoryOfDraft = db.QueryFirst<string>("SELECT c.slug FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.status = 'draft'");
        var published = db.ExecuteScalar<int>("""
            SELECT count(*) FROM articles a JOIN categories c ON c.id = a.category_id
            WHERE a.status = 'published' AND (c.slug = @categoryOfDraft OR c.parent_id = (SELECT id FROM categories WHERE slug = @categoryOfDraft))
            """, new { categoryOfDraft });

        var category = await (await _client.GetAsync($"/api/v1/categories/{Uri.EscapeDataString(categoryOfDraft)}")).JsonAsync();

        Assert.Equal(published, category.GetProperty("articleCount").GetInt32());
    }

    [Fact]
    public async Task A_scheduled_article_appears_when_its_time_comes_without_any_write()
    {
        var scheduled = Hidden().First(a => a.Status == "scheduled");
        var before = await _client.GetAsync("/api/v1/articles?pageSize=1");
        var etagBefore = before.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/articles/{scheduled.Id}")).StatusCode);

        _factory.Clock.Now = _factory.Clock.Now.AddDays(365);

        var article = await (await _client.GetAsync($"/api/v1/articles/{scheduled.Id}")).JsonAsync();
        var first = await (await _client.GetAsync("/api/v1/articles?pageSize=1")).JsonAsync();
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles?pageSize=1");
        revalidation.Headers.TryAddWithoutValidation("If-None-Match", etagBefore);

        Assert.Equal(scheduled.Title, article.GetProperty("title").GetString());
        Assert.Equal(scheduled.Slug, first.GetProperty("items")[0].GetProperty("slug").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(revalidation)).StatusCode);
    }

    [Fact]
    public async Task Unpublishing_an_article_in_the_database_hides_it_at_once()
    {
        using (var db = _factory.OpenDatabase())
        {
            db.Execute("UPDATE articles SET status = 'draft' WHERE slug = @Slug", new { SeedArticle.Slug });
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).StatusCode);
        Assert.DoesNotContain(SeedArticle.Title, await EveryPublicListAsync(), StringComparison.Ordinal);
    }
}
