using System.Net;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Articles;

/// <summary>
/// ConnectionStrings:NewsReadOnly on PostgreSQL: public reads go to the replica, writes and admin reads to the primary.
/// The "replica" is a second database (migrated and seeded like the primary by an API of its own) rather than a
/// streaming replica, so the two can be made to differ on purpose: what each route shows says where it read.
/// </summary>
public sealed class PostgresReadReplicaTests : IDisposable
{
    private readonly NewsApiFactory _replica = new();
    private readonly NewsApiFactory _primary;
    private readonly HttpClient _public;

    public PostgresReadReplicaTests()
    {
        Assert.True(TestEngine.IsPostgres, $"Run with {TestEngine.Variable}=postgres: ConnectionStrings:NewsReadOnly is PostgreSQL's.");
        _ = _replica.Server; // migrated and seeded before the primary's API opens it
        // The output cache is keyed by the primary's content version, which a write to the replica alone never moves.
        _primary = new NewsApiFactory()
            .With("ConnectionStrings:NewsReadOnly", _replica.ConnectionString)
            .With("NewsApi:Http:OutputCache", "false");
        _public = _primary.CreateClient();
    }

    public void Dispose()
    {
        _primary.Dispose();
        _replica.Dispose();
    }

    private static string AnyCategory(NewsApiFactory factory)
    {
        using var db = factory.OpenDatabase();
        return db.QueryFirst<string>("SELECT slug FROM categories ORDER BY id");
    }

    private async Task<string> BodyAsync(string path)
    {
        var response = await _public.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task An_article_published_through_the_primary_is_seen_by_the_admin_api_but_not_by_public_reads_of_the_replica()
    {
        var newsroom = new Newsroom(_primary);
        var id = await newsroom.PublishAsync("خبر على الخادم الرئيسي وحده", AnyCategory(_primary), ["وسم-رئيسي"]);
        var slug = newsroom.ArticleSlug(id);

        var admin = await (await newsroom.Editor.GetAsync($"/api/v1/admin/articles/{id}")).JsonAsync();
        Assert.Equal("published", admin.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(slug)}")).StatusCode);
        foreach (var path in new[] { "/api/v1/articles?pageSize=100", "/api/v1/tags?pageSize=100", "/feeds/rss.xml", "/sitemaps/articles-1.xml" })
        {
            var body = await BodyAsync(path);
            Assert.DoesNotContain("خبر على الخادم الرئيسي وحده", body, StringComparison.Ordinal);
            Assert.DoesNotContain(slug, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Public_reads_show_an_article_only_the_replica_holds_while_the_admin_api_does_not()
    {
        var onReplica = new Newsroom(_replica);
        var id = await onReplica.PublishAsync("خبر في النسخة المقروءة وحدها", AnyCategory(_replica), ["وسم-النسخة"]);
        var slug = onReplica.ArticleSlug(id);

        var article = await (await _public.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(slug)}")).JsonAsync();
        Assert.Equal(id, article.GetProperty("id").GetInt32());
        foreach (var path in new[] { "/api/v1/articles?pageSize=100", "/feeds/rss.xml", "/feeds/feed.json" })
        {
            Assert.Contains("خبر في النسخة المقروءة وحدها", await BodyAsync(path), StringComparison.Ordinal);
        }

        Assert.Contains("وسم-النسخة", await BodyAsync("/api/v1/tags?pageSize=100"), StringComparison.Ordinal);

        var onPrimary = new Newsroom(_primary);
        var admin = await onPrimary.Editor.GetAsync($"/api/v1/admin/articles/{id}");
        Assert.DoesNotContain("خبر في النسخة المقروءة وحدها", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
