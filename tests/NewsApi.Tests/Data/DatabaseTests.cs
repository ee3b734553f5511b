using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data;

public sealed class DatabaseTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "nested", "news.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Migrating_a_new_file_creates_it_applies_every_migration_once_and_records_them()
    {
        var database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={DatabasePath}", "FULL");
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);

        var first = migrator.Migrate();
        var second = migrator.Migrate();

        Assert.True(File.Exists(DatabasePath));
        Assert.Equal(Migrator.Embedded().Select(m => m.Name), first);
        Assert.Empty(second);
        using var connection = database.Open();
        Assert.Equal(Migrator.Embedded().Count, connection.ExecuteScalar<int>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public void An_edited_landed_migration_stops_start_up()
    {
        var database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={DatabasePath}", "FULL");
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);
        migrator.Migrate();
        using (var connection = database.Open())
        {
            connection.Execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0001'");
        }

        var error = Assert.Throws<InvalidOperationException>(() => migrator.Migrate());

        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FULL", 2)]
    [InlineData("normal", 1)]
    public void Every_connection_gets_the_configured_pragmas(string synchronous, int expected)
    {
        var database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={DatabasePath}", synchronous);
        database.Prepare();

        using var connection = database.Open();

        Assert.Equal(expected, connection.ExecuteScalar<int>("PRAGMA synchronous"));
        Assert.Equal(1, connection.ExecuteScalar<int>("PRAGMA foreign_keys"));
        Assert.Equal(5000, connection.ExecuteScalar<int>("PRAGMA busy_timeout"));
    }

    [Fact]
    public void An_unknown_synchronous_setting_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={DatabasePath}", "OFF"));
    }

    [Fact]
    public void Public_writes_bump_the_content_version_but_empty_categories_drafts_and_pending_comments_do_not()
    {
        var database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={DatabasePath}", "FULL");
        new Migrator(database, NullLogger<Migrator>.Instance).Migrate();
        using var connection = database.Open();
        long Version() => connection.ExecuteScalar<long>("SELECT version FROM content_state");

        var start = Version();
        connection.Execute("INSERT INTO categories (slug, name, created_at, updated_at) VALUES ('c', 'C', 'x', 'x')");
        var afterCategory = Version();
        connection.Execute("""
            INSERT INTO articles (slug, title, body_html, body_blocks, body_text, word_count, reading_time_minutes, category_id, status, created_at, updated_at)
            VALUES ('a', 'A', '', '[]', '', 0, 1, 1, 'draft', 'x', 'x')
            """);
        var afterDraft = Version();
        connection.Execute("UPDATE articles SET status = 'published', published_at = '2020-01-01T00:00:00Z'");
        var afterPublish = Version();
        connection.Execute("INSERT INTO comments (article_id, author_name, author_email, body, status, created_at, updated_at) VALUES (1, 'n', 'e@example.com', 'b', 'pending', 'x', 'x')");
        var afterPending = Version();
        connection.Execute("UPDATE comments SET status = 'approved'");

        Assert.Equal(start, afterCategory);
        Assert.Equal(start, afterDraft);
        Assert.True(afterPublish > afterDraft);
        Assert.Equal(afterPublish, afterPending);
        Assert.True(Version() > afterPending);
    }

    [Fact]
    public void Foreign_keys_are_enforced()
    {
        var database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={DatabasePath}", "FULL");
        new Migrator(database, NullLogger<Migrator>.Instance).Migrate();
        using var connection = database.Open();

        var error = Assert.Throws<SqliteException>(() => connection.Execute("""
            INSERT INTO articles (slug, title, body_html, body_blocks, body_text, word_count, reading_time_minutes, category_id, status, created_at, updated_at)
            VALUES ('a', 'A', '', '[]', '', 0, 1, 999, 'draft', 'x', 'x')
            """));

        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
    }
}

public sealed class StartupTests
{
    [Fact]
    public void Start_up_seeds_an_empty_database_and_seeding_again_loads_nothing()
    {
        using var factory = new NewsApiFactory();
        using var db = factory.OpenDatabase();
        var seeded = db.ExecuteScalar<int>("SELECT count(*) FROM articles");
        var seeder = (DemoContentSeeder)factory.Services.GetService(typeof(DemoContentSeeder))!;

        var loadedAgain = seeder.SeedIfEmpty();

        Assert.True(seeded >= 28, $"expected the demo content, found {seeded} articles");
        Assert.Equal(0, loadedAgain);
        Assert.Equal(seeded, db.ExecuteScalar<int>("SELECT count(*) FROM articles"));
    }
}

public sealed class RunningAppSqlitePragmaTests
{
    [Fact]
    public void The_running_app_opens_every_connection_with_synchronous_FULL_by_default()
    {
        using var factory = new NewsApiFactory();
        var database = (Database)factory.Services.GetService(typeof(Database))!;

        // Several at once, so the pool hands out distinct connections, each of which must have had the pragmas.
        var connections = Enumerable.Range(0, 4).Select(_ => database.Open()).ToList();
        try
        {
            Assert.All(connections, c => Assert.Equal(2, c.ExecuteScalar<int>("PRAGMA synchronous")));
            Assert.All(connections, c => Assert.Equal("wal", c.ExecuteScalar<string>("PRAGMA journal_mode")));
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }
}
