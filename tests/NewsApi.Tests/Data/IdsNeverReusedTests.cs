using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Admin;
using NewsApi.Data;
using NewsApi.Tests.Comments;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data;

/// <summary>An id names one thing forever: after a delete, the next article, comment, category, tag or author gets a new one.</summary>
public sealed class IdsNeverReusedTests : IDisposable
{
    private readonly NewsApiFactory _factory = CommentTestData.Unthrottled();

    public void Dispose() => _factory.Dispose();

    private static async Task<int> CreatedIdAsync(HttpResponseMessage response) =>
        (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

    [Theory]
    [InlineData("categories", "{\"name\":\"قسم مؤقت\"}")]
    [InlineData("tags", "{\"name\":\"وسم مؤقت\"}")]
    [InlineData("authors", "{\"name\":\"كاتب مؤقت\"}")]
    [InlineData("articles", null)]
    public async Task Deleting_the_newest_item_never_gives_its_id_to_the_next_one(string collection, string? body)
    {
        var editor = _factory.CreateEditorClient();
        var categoryId = new Newsroom(_factory).CategoryId(SeedArticle.CategorySlug);
        HttpContent Content(string title) => new StringContent(
            body ?? $$"""{"title":"{{title}}","bodyHtml":"<p>نص.</p>","categoryId":{{categoryId}}}""", System.Text.Encoding.UTF8, "application/json");

        var first = await CreatedIdAsync(await editor.PostAsync($"/api/v1/admin/{collection}", Content("خبر يحذف")));
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/v1/admin/{collection}/{first}")).StatusCode);
        var next = await CreatedIdAsync(await editor.PostAsync($"/api/v1/admin/{collection}", Content("خبر بعده")));

        Assert.True(next > first, $"{collection}: {next} after deleting {first}");
    }

    [Fact]
    public async Task Deleting_the_newest_comment_never_gives_its_id_to_the_next_one()
    {
        var reader = _factory.CreateClient();
        var moderator = _factory.CreateClientWithKey(ApiKeyStore.CommentsModerate);
        var first = (await (await reader.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid("first@example.com", "تعليق أول يحذف")))
            .JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.DeleteAsync($"/api/v1/admin/comments/{first}")).StatusCode);

        var next = (await (await reader.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid("next@example.com", "تعليق بعده")))
            .JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetInt32();

        Assert.True(next > first, $"{next} after deleting {first}");
    }
}

/// <summary>
/// SQLite's migration 0006, which rebuilt the tables with AUTOINCREMENT so that ids are never reused: it keeps the schema
/// and existing content. (PostgreSQL's identity columns never reuse ids from the start.)
/// </summary>
public sealed class SqliteTableRebuildTests : IDisposable
{
    private readonly NewsApiFactory _factory = CommentTestData.Unthrottled();

    public void Dispose() => _factory.Dispose();

    private static async Task<int> CreatedIdAsync(HttpResponseMessage response) =>
        (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

    private static bool IsIdsMigration(Migration migration) => migration.Name.EndsWith("_ids_never_reused", StringComparison.Ordinal);

    private static IEnumerable<Migration> Before(Func<Migration, bool> which) =>
        Migrator.Embedded().TakeWhile(m => !which(m));

    [Fact]
    public void Rebuilding_the_tables_keeps_every_column_foreign_key_index_view_and_trigger()
    {
        using var database = new NewsApi.Data.Sqlite.SqliteDatabase(_factory.ConnectionString, "FULL");
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);
        migrator.Apply(Before(IsIdsMigration));
        var before = Schema(database);

        migrator.Apply(Migrator.Embedded().Where(IsIdsMigration));

        Assert.Equal(before, Schema(database));
        using var connection = database.Open();
        Assert.Equal(
            ["articles", "authors", "categories", "comments", "tags"],
            connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%' ORDER BY name"));
    }

    [Fact]
    public async Task A_database_with_content_from_before_the_rebuild_keeps_ids_search_related_articles_and_threads()
    {
        // A database as the previous release left it, with the demo newsroom (comment threads included).
        using (var database = new NewsApi.Data.Sqlite.SqliteDatabase(_factory.ConnectionString, "FULL"))
        {
            new Migrator(database, NullLogger<Migrator>.Instance).Apply(Before(IsIdsMigration));
            LegacySqliteDatabase.SeedDemoContent(database);
        }

        var before = Content(_factory.ConnectionString);
        var reader = _factory.CreateClient(); // starts the service, which applies the remaining migrations
        var after = Content(_factory.ConnectionString);

        Assert.Equal(before, after);
        var search = await (await reader.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("الروسي"))).JsonAsync();
        Assert.Contains(SeedArticle.Slug, search.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("article").GetProperty("slug").GetString()));
        var related = await (await reader.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}/related")).JsonAsync();
        Assert.True(related.GetProperty("items").GetArrayLength() > 0);
        var thread = await (await reader.GetAsync(CommentTestData.SeedCommentsPath)).JsonAsync();
        Assert.Contains(thread.GetProperty("items").EnumerateArray(), c => c.GetProperty("replies").GetArrayLength() > 0);
        using (var db = _factory.OpenDatabase())
        {
            Assert.Empty(db.Query("PRAGMA foreign_key_check"));
        }

        // And from now on, ids are not reused.
        var editor = _factory.CreateEditorClient();
        var newest = before.Split('\n').Where(l => l.StartsWith("article ", StringComparison.Ordinal)).Max(l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/v1/admin/articles/{newest}")).StatusCode);
        var created = await CreatedIdAsync(await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { title = "أول خبر بعد الترقية", bodyHtml = "<p>نص.</p>", categoryId = new Newsroom(_factory).CategoryId(SeedArticle.CategorySlug) }));
        Assert.True(created > newest, $"{created} after deleting {newest}");
    }

    /// <summary>Everything a rebuild must keep, as text: columns and foreign keys of every table, and every index, view and trigger.</summary>
    private static string Schema(Database database)
    {
        using var connection = database.Open();
        var lines = new List<string>();
        foreach (var table in connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index_%' ORDER BY name"))
        {
            lines.AddRange(connection.Query<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>($"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')")
                .Select(c => $"{table} column {c}"));
            lines.AddRange(connection.Query<(long Id, long Seq, string Table, string From, string To, string OnUpdate, string OnDelete)>(
                $"SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{table}')").Select(f => $"{table} fk {f}"));
        }

        lines.AddRange(connection.Query<(string Type, string Name, string Table, string Sql)>(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'view', 'trigger') AND sql IS NOT NULL ORDER BY type, name")
            .Select(o => o.ToString()));
        return string.Join('\n', lines);
    }

    /// <summary>The rows whose ids and links the rebuild must keep, plus what search and related words hold.</summary>
    private static string Content(string connectionString)
    {
        using var database = new NewsApi.Data.Sqlite.SqliteDatabase(connectionString, "FULL");
        using var connection = database.Open();
        var lines = new List<string>();
        lines.AddRange(connection.Query<(long Id, string Slug, long CategoryId, long? AuthorId)>("SELECT id, slug, category_id, author_id FROM articles ORDER BY id").Select(r => $"article {r.Id} {r.Slug} {r.CategoryId} {r.AuthorId}"));
        lines.AddRange(connection.Query<(long Id, long ArticleId, long? ParentId, string Status)>("SELECT id, article_id, parent_id, status FROM comments ORDER BY id").Select(r => $"comment {r}"));
        lines.AddRange(connection.Query<(long Id, string Slug, long? ParentId)>("SELECT id, slug, parent_id FROM categories ORDER BY id").Select(r => $"category {r}"));
        lines.AddRange(connection.Query<(long ArticleId, long TagId, long Position)>("SELECT article_id, tag_id, position FROM article_tags ORDER BY article_id, tag_id").Select(r => $"tagged {r}"));
        lines.AddRange(connection.Query<(long Id, string Slug)>("SELECT id, slug FROM tags ORDER BY id").Select(r => $"tag {r}"));
        lines.AddRange(connection.Query<(long Id, string Slug)>("SELECT id, slug FROM authors ORDER BY id").Select(r => $"author {r}"));
        lines.Add("indexed " + string.Join(',', connection.Query<long>("SELECT rowid FROM search_index WHERE search_index MATCH news_normalize('الروسي') ORDER BY rowid")));
        return string.Join('\n', lines);
    }
}
