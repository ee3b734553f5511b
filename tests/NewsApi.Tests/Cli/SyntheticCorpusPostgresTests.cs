using Dapper;

namespace NewsApi.Tests.Cli;

/// <summary><c>seed --generate</c> on PostgreSQL, where it writes each batch with binary COPY and explicit ids.</summary>
public sealed class SyntheticCorpusPostgresTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Generated_articles_take_their_ids_from_the_identity_so_a_later_article_gets_a_fresh_one()
    {
        await _cli.RunAsync("seed");
        var generated = await _cli.RunAsync("seed", "--generate", "30");
        var highest = _cli.Count("SELECT max(id) FROM articles");

        // An insert that leaves the id to the identity, as every store does: a sequence left behind the copied ids collides.
        var next = _cli.Query<long>("""
            INSERT INTO articles (slug, title, word_count, reading_time_minutes, category_id, status, created_at, updated_at, body_html, body_blocks, body_text)
            VALUES ('after-the-corpus', 'بعد المدونة', 1, 1, (SELECT min(id) FROM categories), 'draft', now(), now(), '<p>x</p>', '[]', 'x')
            RETURNING id
            """).Single();

        Assert.Contains("Generated 30 synthetic articles", generated.Output, StringComparison.Ordinal);
        Assert.True(next > highest, $"the next id {next} should follow the generated ones (up to {highest})");
    }

    [Fact]
    public async Task Generated_articles_bring_their_tags_and_comments_and_move_the_content_version()
    {
        await _cli.RunAsync("seed");
        var version = _cli.Count("SELECT version FROM content_state");
        var demo = _cli.Count("SELECT max(id) FROM articles");

        await _cli.RunAsync("seed", "--generate", "40");

        Assert.Equal(40, _cli.Count($"SELECT count(*) FROM articles WHERE id > {demo}"));
        Assert.Equal(40, _cli.Count($"SELECT count(DISTINCT article_id) FROM article_tags WHERE article_id > {demo}"));
        Assert.True(_cli.Count($"SELECT count(*) FROM comments WHERE article_id > {demo}") > 0);
        Assert.True(_cli.Count("SELECT version FROM content_state") > version, "public articles were added: cached answers must go stale");
    }

    [Fact]
    public async Task Generated_articles_move_every_scope_the_row_triggers_would_and_leave_those_triggers_on()
    {
        await _cli.RunAsync("seed");
        var demo = _cli.Count("SELECT max(id) FROM articles");

        await _cli.RunAsync("seed", "--generate", "25");

        // The freshness triggers are set aside inside each batch's transaction; the batch must put them back.
        Assert.Equal(0, _cli.Count("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'"));
        var version = _cli.Count("SELECT version FROM content_state");
        // Each new article is in the sync feed's change log, and the lists it is in and the directory moved with it.
        Assert.Equal(25, _cli.Count($"SELECT count(*) FROM sync_changes WHERE article_id > {demo} AND version = {version}"));
        foreach (var scope in new[] { "list-all", "taxonomy" })
        {
            Assert.Equal(version, _cli.Count($"SELECT version FROM content_scopes WHERE scope = '{scope}'"));
        }

        Assert.Equal(0, _cli.Count($"""
            SELECT count(*) FROM articles a JOIN article_tags t ON t.article_id = a.id
            WHERE a.id > {demo} AND NOT EXISTS (
                SELECT 1 FROM content_scopes s WHERE s.scope = 'list-tag-' || t.tag_id AND s.version = {version})
            """));
        Assert.Equal(0, _cli.Count($"""
            SELECT count(*) FROM articles a WHERE a.id > {demo} AND (
                NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'article-' || a.id AND s.version = {version})
                OR NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'comments-' || a.id AND s.version = {version})
                OR NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'list-category-' || a.category_id AND s.version = {version})
                OR NOT EXISTS (SELECT 1 FROM content_scopes s WHERE s.scope = 'list-author-' || a.author_id AND s.version = {version}))
            """));
    }
}
