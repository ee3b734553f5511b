using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;
using NewsApi.Data.Sqlite;
using NewsApi.Tests.Infrastructure;
using NewsApi.Text;

namespace NewsApi.Tests.Data;

/// <summary>A SQLite database with the demo content as an earlier release stored it: each body in the three legacy columns.</summary>
public static class LegacySqliteDatabase
{
    /// <summary>
    /// Applies the migrations before <paramref name="stopAt"/> and loads the demo content (the seed article among it),
    /// every body in body_html, body_blocks and body_text as the writer before migration 0017 stored them, indexed for
    /// search from that text. Today's writer stores the compact form, so it writes into a body column added for the
    /// occasion; the rows are then given their legacy form and the column dropped again.
    /// </summary>
    public static void Build(string connectionString, Func<Migration, bool> stopAt)
    {
        using var database = new SqliteDatabase(connectionString, "FULL");
        new Migrator(database, NullLogger<Migrator>.Instance).Apply(Migrator.Embedded().TakeWhile(m => !stopAt(m)));
        SeedDemoContent(database);
    }

    /// <summary>The demo content, stored in the legacy form, on a database whose schema is before migration 0017.</summary>
    public static void SeedDemoContent(SqliteDatabase database)
    {
        using (var connection = database.Open())
        {
            connection.Execute("ALTER TABLE articles ADD COLUMN body BLOB");
        }

        new DemoContentSeeder(database, TimeProvider.System, NullLogger<DemoContentSeeder>.Instance).SeedIfEmpty();
        using (var connection = database.Open())
        {
            using var transaction = connection.BeginTransaction();
            foreach (var row in BodyCompactionTests.LegacyForm(database.Open))
            {
                // An update of body_text re-indexes the article from it, as the legacy writer's insert did.
                connection.Execute("UPDATE articles SET body_html = @Html, body_blocks = @Blocks, body_text = @Text WHERE id = @Id", row, transaction);
            }

            transaction.Commit();
        }

        using (var connection = database.Open())
        {
            connection.Execute("ALTER TABLE articles DROP COLUMN body");
        }
    }
}

/// <summary>SQLite's migration 0017 on a database built at 0016 with real bodies, then its background compaction.</summary>
public sealed class SqliteBodyMigrationTests : IDisposable
{
    private readonly NewsApiFactory _factory = new NewsApiFactory().With("NewsApi:Http:OutputCache", "false");

    public void Dispose() => _factory.Dispose();

    private static bool IsBodyMigration(Migration migration) => migration.Name.EndsWith("_store_each_body_once", StringComparison.Ordinal);

    [Fact]
    public async Task A_database_from_before_migration_0017_keeps_every_body_and_is_compacted_in_the_background()
    {
        LegacySqliteDatabase.Build(_factory.ConnectionString, IsBodyMigration);
        string seedHtml;
        using (var legacy = new Microsoft.Data.Sqlite.SqliteConnection(_factory.ConnectionString))
        {
            legacy.Open();
            Assert.DoesNotContain("body", legacy.Query<string>("SELECT name FROM pragma_table_info('articles')"));
            seedHtml = legacy.QuerySingle<string>("SELECT body_html FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });
        }

        var reader = _factory.CreateClient(); // starts the service: migration 0017, then the compaction in the background
        var first = await (await reader.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync();

        var compaction = _factory.Services.GetRequiredService<BodyCompaction>();
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (compaction.PendingCount() > 0 && patience.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, compaction.PendingCount());
        var after = await (await reader.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync();
        Assert.Equal(seedHtml, first.GetProperty("content").GetProperty("html").GetString());
        Assert.Equal(first.GetProperty("content").GetRawText(), after.GetProperty("content").GetRawText());
        Assert.Contains(after.GetProperty("content").GetProperty("blocks").EnumerateArray(),
            block => block.TryGetProperty("text", out var text) && text.GetString() == SeedArticle.FirstParagraph);

        // Search and related articles still find the seed article by its Egyptian spelling and its words.
        var search = await (await reader.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("الروسي"))).JsonAsync();
        Assert.Contains(SeedArticle.Slug, search.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("article").GetProperty("slug").GetString()));
        var related = await (await reader.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}/related")).JsonAsync();
        Assert.True(related.GetProperty("items").GetArrayLength() > 0);

        using var db = _factory.OpenDatabase();
        Assert.Equal(0, db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE body IS NULL OR body_html <> '' OR body_text <> '' OR body_blocks <> '[]'"));
        Assert.Equal(
            ArticleHtml.Process(JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "db", "seed", "demo-content.json")))
                .RootElement.GetProperty("articles").EnumerateArray().First(a => a.GetProperty("title").GetString() == SeedArticle.Title)
                .GetProperty("bodyHtml").GetString()!).Html,
            seedHtml);
    }

    [Fact]
    public void Migration_0017_only_adds_a_column_and_recreates_the_view_and_two_triggers()
    {
        using var database = new SqliteDatabase(_factory.ConnectionString, "FULL");
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);
        migrator.Apply(Migrator.Embedded().TakeWhile(m => !IsBodyMigration(m)));

        migrator.Apply(Migrator.Embedded().Where(IsBodyMigration));

        using var connection = database.Open();
        Assert.Equal("BLOB", connection.QuerySingle<string>("SELECT type FROM pragma_table_info('articles') WHERE name = 'body'"));
        Assert.Contains("news_body_text(a.body, a.body_text)", connection.QuerySingle<string>("SELECT sql FROM sqlite_schema WHERE name = 'search_documents'"), StringComparison.Ordinal);
    }
}
