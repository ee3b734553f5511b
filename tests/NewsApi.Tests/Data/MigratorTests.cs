using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;

namespace NewsApi.Tests.Data;

public sealed class MigratorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));
    private readonly NewsApi.Data.Sqlite.SqliteDatabase _database;

    public MigratorTests()
    {
        Directory.CreateDirectory(_directory);
        _database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={Path.Combine(_directory, "news.db")}", "FULL");
    }

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_migration_that_would_leave_a_broken_foreign_key_is_refused_and_rolled_back()
    {
        var migrator = new Migrator(_database, NullLogger<Migrator>.Instance);
        migrator.Migrate();
        // Migrations run with foreign keys off (a table rebuild needs it), so only the check before commit can catch this.
        const string sql = "CREATE TABLE orphan_notes (article_id INTEGER NOT NULL REFERENCES articles (id)); INSERT INTO orphan_notes VALUES (987654);";
        var broken = new Migration("9999", "9999_breaks_a_reference", sql, "test");

        var error = Assert.Throws<InvalidOperationException>(() => migrator.Apply([broken]));

        Assert.Contains("9999_breaks_a_reference", error.Message, StringComparison.Ordinal);
        using var connection = _database.Open();
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT count(*) FROM sqlite_master WHERE name = 'orphan_notes'"));
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT count(*) FROM schema_migrations WHERE version = '9999'"));
        Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA foreign_keys"));
    }
}
