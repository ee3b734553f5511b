using Dapper;
using NewsApi.Cli;
using NewsApi.Data;
using NewsApi.Data.Sqlite;

namespace NewsApi.Tests.Cli;

/// <summary>
/// SQLite's <c>seed --generate</c> writes the search index, related words and content scopes itself, with the row
/// triggers set aside: what it writes must be what those triggers (and the related-words indexer) would have.
/// </summary>
public sealed class SqliteSyntheticCorpusTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private static List<string> Triggers(System.Data.Common.DbConnection connection) =>
        connection.Query<string>("SELECT name || ' ' || sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").AsList();

    [Fact]
    public async Task Generated_articles_are_indexed_as_the_triggers_and_the_indexer_would_have_and_the_triggers_are_back()
    {
        await _cli.RunAsync("seed");
        var demo = _cli.Count("SELECT max(id) FROM articles");
        List<string> triggersBefore;
        using (var connection = _cli.Open())
        {
            triggersBefore = Triggers(connection);
        }

        var result = await _cli.RunAsync("seed", "--generate", "30");
        Assert.Equal(0, result.ExitCode);

        using var database = new SqliteDatabase(_cli.ConnectionString, "FULL");
        using var db = database.Open();
        Assert.Equal(triggersBefore, Triggers(db));

        // The search fields written for each article are those search_documents computes from the stored row.
        var rows = db.Query<(long Id, string Title, string? Subtitle, string Excerpt, byte[] Body)>(
            "SELECT id, title, subtitle, excerpt, body FROM articles WHERE id > @demo ORDER BY id", new { demo }).AsList();
        Assert.Equal(30, rows.Count);
        foreach (var row in rows)
        {
            var view = db.QuerySingle<(string, string, string, string, string, string)>(
                "SELECT title, title_stem, lead, lead_stem, body, body_stem FROM search_documents WHERE id = @Id", new { row.Id });
            var fields = SyntheticCorpus.SearchDocumentFields(row.Title, row.Subtitle, row.Excerpt, StoredBody.Text(row.Body, null));
            Assert.Equal(view, (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]));
        }

        // The index answers as one rebuilt from the view, word for word.
        var word = db.QuerySingle<string>("SELECT word FROM related_words WHERE article_id = @Id AND in_title = 1 LIMIT 1", new { rows[0].Id });
        const string match = "SELECT rowid FROM search_index WHERE search_index MATCH news_normalize(@word) ORDER BY rowid";
        var written = db.Query<long>(match, new { word }).AsList();
        db.Execute("""
            DELETE FROM search_index;
            INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
            SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents;
            """);
        Assert.Contains(rows[0].Id, written);
        Assert.Equal(db.Query<long>(match, new { word }).AsList(), written);

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
