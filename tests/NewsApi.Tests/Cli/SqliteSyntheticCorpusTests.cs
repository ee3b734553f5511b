using Dapper;

namespace NewsApi.Tests.Cli;

/// <summary>
/// SQLite's <c>seed --generate</c> moves the content scopes once per batch, with the row triggers set aside: the
/// scopes it moves must be those the triggers would have, so caches and the sync feed see every new article.
/// </summary>
public sealed class SqliteSyntheticCorpusTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Generated_articles_move_every_scope_the_row_triggers_would()
    {
        // (SyntheticCorpusSqliteTests holds the search index to a rebuild's and the triggers to what they were.)
        await _cli.RunAsync("seed");
        var demo = _cli.Count("SELECT max(id) FROM articles");

        var result = await _cli.RunAsync("seed", "--generate", "30");
        Assert.Equal(0, result.ExitCode);

        using var db = _cli.Open();
        // Every new article, its comments, its lists and the directory moved to the batch's version; the sync feed has each.
        var version = db.ExecuteScalar<long>("SELECT version FROM content_state WHERE id = 1");
        Assert.Equal(30, db.ExecuteScalar<int>("SELECT count(*) FROM sync_changes WHERE article_id > @demo AND version = @version", new { demo, version }));
        Assert.Equal(0, db.ExecuteScalar<int>("""
            SELECT count(*) FROM articles a WHERE a.id > @demo AND (
                NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'article-' || a.id AND s.version = @version)
                OR NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'comments-' || a.id AND s.version = @version)
                OR NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'list-category-' || a.category_id AND s.version = @version)
                OR NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'list-author-' || a.author_id AND s.version = @version))
            """, new { demo, version }));
        Assert.Equal(0, db.ExecuteScalar<int>("""
            SELECT count(*) FROM article_tags t WHERE t.article_id > @demo
            AND NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'list-tag-' || t.tag_id AND s.version = @version)
            """, new { demo, version }));
        foreach (var scope in new[] { "list-all", "taxonomy" })
        {
            Assert.Equal(version, db.ExecuteScalar<long>("SELECT version FROM content_scopes WHERE scope = @scope", new { scope }));
        }
    }
}
