using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Admin;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// PostgreSQL's search index is written by the application (its triggers cannot call the C# normaliser): the
/// application's own writes index in the writing transaction, other writes are queued and indexed by the next search.
/// Runs in the PostgreSQL run only.
/// </summary>
public sealed class PostgresSearchIndexTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _client;

    public PostgresSearchIndexTests()
    {
        Assert.Equal(DatabaseEngine.Postgres, NewsApiFactory.Engine);
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private int Queued()
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT count(*) FROM search_index_pending");
    }

    private string Indexed(string column, long articleId)
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<string>($"SELECT {column}::text FROM search_index WHERE article_id = @articleId", new { articleId }) ?? "";
    }

    [Fact]
    public void An_article_written_by_the_application_is_indexed_before_its_transaction_commits()
    {
        var database = _factory.Services.GetRequiredService<Database>();

        var id = database.Write(write =>
        {
            var writer = new ContentWriter(write.Connection, write.Transaction, DateTime.UtcNow);
            var categoryId = write.Connection.ExecuteScalar<long>("SELECT min(id) FROM categories", transaction: write.Transaction);
            var articleId = writer.InsertArticle(new ArticleDraft("البطريق القطبي", "<p>يعيش المعلمون في القارة</p>", categoryId, Excerpt: "خبر قصير"), "penguin", "published", DateTimeOffset.UtcNow);
            writer.SetTags(articleId, ["قطط"]);
            return articleId;
        });

        Assert.Equal(0, Queued());
        // Title words weigh A, tags B, body D (unmarked); the stemmed vector holds the stem of المعلمون.
        Assert.Contains("'البطريق':1A", Indexed("exact", id), StringComparison.Ordinal);
        Assert.Matches("'قطط':[0-9]+B", Indexed("exact", id));
        Assert.Matches("'المعلمون':[0-9]+( |$)", Indexed("exact", id));
        Assert.Contains("'معلم'", Indexed("stemmed", id), StringComparison.Ordinal);
    }

    [Fact]
    public void Renaming_a_tag_through_the_admin_store_reindexes_its_articles_in_the_same_transaction()
    {
        long articleId;
        int tagId;
        using (var db = _factory.OpenDatabase())
        {
            articleId = db.ExecuteScalar<long>("SELECT id FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });
            tagId = db.ExecuteScalar<int>("SELECT tag_id FROM article_tags WHERE article_id = @articleId ORDER BY position LIMIT 1", new { articleId });
        }

        var saved = _factory.Services.GetRequiredService<TaxonomyStore>().SaveTag(tagId, new TagWriteRequest("سلاحف"), ifMatch: null);

        Assert.NotNull(saved.Item);
        Assert.Equal(0, Queued());
        Assert.Contains("'سلاحف'", Indexed("exact", articleId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_made_outside_the_application_is_queued_and_indexed_by_the_next_search()
    {
        using (var db = _factory.OpenDatabase())
        {
            db.Execute("UPDATE articles SET title = 'زيارة الزرافة الأولى' WHERE slug = @Slug", new { SeedArticle.Slug });
        }

        var queuedBefore = Queued();
        var body = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("الزرافه")}")).JsonAsync();

        Assert.Equal(1, queuedBefore);
        Assert.Equal(0, Queued());
        Assert.Equal(SeedArticle.Slug, body.GetProperty("items")[0].GetProperty("article").GetProperty("slug").GetString());
    }

    [Theory]
    [InlineData(@"a'b")]
    [InlineData(@"a\b")]
    [InlineData(@"x' | 'y")]
    [InlineData(@"!(x & y):*")]
    public void A_quoted_lexeme_is_one_lexeme_whatever_it_holds(string word)
    {
        using var db = _factory.OpenDatabase();

        var quoted = "'" + NewsApi.Search.SearchIndexWriter.Escape(word) + "'";

        var queryNodes = db.ExecuteScalar<int>("SELECT numnode(CAST(@quoted AS tsquery))", new { quoted });
        var vectorLexemes = db.Query<string>("SELECT unnest(tsvector_to_array(CAST(@quoted AS tsvector)))", new { quoted }).AsList();

        Assert.Equal(1, queryNodes);
        Assert.Equal([word], vectorLexemes);
    }
}
