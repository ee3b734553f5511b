using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using Npgsql;

namespace NewsApi.Tests.Data.Postgres;

public sealed class PostgresMigratorTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private static PostgresMigrator Migrator(string connectionString) => new(connectionString, NullLogger<PostgresMigrator>.Instance);

    private static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    [PostgresFact]
    public async Task Migrations_apply_to_an_empty_database_and_are_recorded_with_their_checksums()
    {
        var database = await fixture.CreateDatabaseAsync();

        var applied = Migrator(database).Migrate();

        Assert.NotEmpty(PostgresMigrator.Embedded());
        Assert.Equal(PostgresMigrator.Embedded().Select(m => m.Name), applied);
        using var connection = Open(database);
        var recorded = connection.Query<(string Name, string Checksum)>("SELECT name, checksum FROM schema_migrations ORDER BY version").AsList();
        Assert.Equal(PostgresMigrator.Embedded().Select(m => (m.Name, m.Checksum)), recorded);
        Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT version FROM content_state WHERE id = 1"));
        Assert.Equal(32, connection.ExecuteScalar<int>("SELECT octet_length(key) FROM commenter_token_key WHERE id = 1"));
    }

    [PostgresFact]
    public async Task A_second_run_applies_nothing()
    {
        var database = await fixture.CreateDatabaseAsync();
        Migrator(database).Migrate();
        using var connection = Open(database);
        var before = connection.Query<(string Version, DateTime AppliedAt)>("SELECT version, applied_at FROM schema_migrations ORDER BY version").AsList();

        var applied = Migrator(database).Migrate();

        Assert.Empty(applied);
        Assert.Equal(before, connection.Query<(string Version, DateTime AppliedAt)>("SELECT version, applied_at FROM schema_migrations ORDER BY version").AsList());
    }

    [PostgresFact]
    public async Task An_applied_migration_that_was_edited_is_refused()
    {
        var database = await fixture.CreateDatabaseAsync();
        var migrator = Migrator(database);
        migrator.Migrate();
        var first = PostgresMigrator.Embedded()[0];
        var edited = MigrationSet.FromText(first.Name, first.Sql + "\nCREATE TABLE sneaked_in (id integer);\n");

        var error = Assert.Throws<InvalidOperationException>(() => migrator.Apply([edited]));

        Assert.Contains(first.Name, error.Message, StringComparison.Ordinal);
        using var connection = Open(database);
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT count(*) FROM pg_tables WHERE tablename = 'sneaked_in'"));
        Assert.Equal(first.Checksum, connection.ExecuteScalar<string>("SELECT checksum FROM schema_migrations WHERE version = @Version", new { first.Version }));
    }

    [PostgresFact]
    public async Task A_failing_migration_is_rolled_back_whole_and_not_recorded()
    {
        var database = await fixture.CreateDatabaseAsync();
        var migrator = Migrator(database);
        migrator.Migrate();
        var failing = MigrationSet.FromText("9999_fails_halfway", "CREATE TABLE half_done (id integer); SELECT 1 / 0;");

        Assert.Throws<PostgresException>(() => migrator.Apply([failing]));

        using var connection = Open(database);
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"));
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT count(*) FROM schema_migrations WHERE version = '9999'"));
        // The lock went with the failure: the next start is not blocked.
        Assert.Empty(migrator.Migrate());
    }

    [PostgresFact]
    public async Task Two_migrators_started_together_apply_each_migration_once()
    {
        var database = await fixture.CreateDatabaseAsync();
        // A slow last migration that cannot run twice (CREATE TABLE without IF NOT EXISTS) widens the window in which
        // the second migrator would otherwise find it unapplied and run it as well.
        var slow = MigrationSet.FromText("9999_slow", "SELECT pg_sleep(1); CREATE TABLE applied_once (id integer);");
        var migrations = PostgresMigrator.Embedded().Append(slow).ToList();
        using var start = new Barrier(2);

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var migrator = Migrator(database);
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return migrator.Apply(migrations);
        })));

        var names = migrations.Select(m => m.Name).ToList();
        Assert.Single(runs, run => run.SequenceEqual(names));
        Assert.Single(runs, run => run.Count == 0);
        using var connection = Open(database);
        Assert.Equal(migrations.Count, connection.ExecuteScalar<int>("SELECT count(*) FROM schema_migrations"));
    }

    [PostgresFact]
    public async Task Publishing_an_article_moves_the_content_version_and_saving_a_draft_does_not()
    {
        var database = await fixture.CreateDatabaseAsync();
        Migrator(database).Migrate();
        using var connection = Open(database);
        long Version() => connection.ExecuteScalar<long>("SELECT version FROM content_state WHERE id = 1");
        connection.Execute("INSERT INTO categories (slug, name, created_at, updated_at) VALUES ('news', 'أخبار', now(), now())");
        const string insertSql = """
            INSERT INTO articles (slug, title, word_count, reading_time_minutes, category_id, status, published_at,
                                  created_at, updated_at, body_html, body_blocks, body_text)
            VALUES ('draft', 'مسودة', 1, 1, 1, 'draft', NULL, now(), now(), '<p>نص</p>', '[]', 'نص')
            RETURNING id
            """;
        var id = connection.ExecuteScalar<long>(insertSql);
        var afterDraft = Version();

        connection.Execute("UPDATE articles SET status = 'published', published_at = now() - interval '1 minute' WHERE id = @id", new { id });

        Assert.Equal(1L, afterDraft);
        Assert.Equal(2L, Version());
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT count(*) FROM related_words_pending WHERE article_id = @id", new { id }));
    }
}
