using Dapper;

namespace NewsApi.Data;

/// <summary>
/// Applies the forward-only SQL files of db/migrations (embedded in the assembly) in name order, each in its own
/// transaction, and records them in schema_migrations with a checksum so an edited landed migration is caught.
/// </summary>
public sealed class Migrator(Sqlite.SqliteDatabase database, ILogger<Migrator> logger) : ISchemaMigrator
{
    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations =
        new(() => MigrationSet.Read(typeof(Migrator).Assembly, MigrationSet.SqlitePrefix));

    /// <summary>The migrations inside the assembly, read and hashed once (the readiness probe asks on every call).</summary>
    public static IReadOnlyList<Migration> Embedded() => EmbeddedMigrations.Value;

    public IReadOnlyList<Migration> Expected => Embedded();

    /// <returns>The names of the migrations applied by this call.</returns>
    public IReadOnlyList<string> Migrate() => Apply(Embedded());

    /// <summary>
    /// Applies those of <paramref name="migrations"/> not applied yet, in order. <see cref="Migrate"/> passes the embedded
    /// ones; tests pass a prefix of them (a database as an older release left it) or one that must be refused.
    /// </summary>
    internal IReadOnlyList<string> Apply(IEnumerable<Migration> migrations)
    {
        database.Prepare();
        using var connection = database.Open();
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    TEXT PRIMARY KEY,
                name       TEXT NOT NULL,
                checksum   TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """);

        // Foreign keys are off while migrations run, and checked before each commit instead. Rebuilding a table (SQLite's
        // 12-step ALTER procedure, e.g. 0006) drops the old one, and with keys on that DROP would cascade-delete every row
        // referring to it. SQLite ignores this pragma inside a transaction, so it is set around them; the connection goes
        // back to the pool with keys on whatever happens.
        connection.Execute("PRAGMA foreign_keys = OFF");
        try
        {
            return ApplyEach(connection, migrations);
        }
        finally
        {
            connection.Execute("PRAGMA foreign_keys = ON");
        }
    }

    private List<string> ApplyEach(Microsoft.Data.Sqlite.SqliteConnection connection, IEnumerable<Migration> migrations)
    {
        var applied = new List<string>();
        // A database with content from an earlier release, whose cached answers a migration may change.
        var upgrading = connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM schema_migrations)");
        foreach (var migration in migrations)
        {
            // IMMEDIATE: two processes starting at once serialise here instead of both applying the migration.
            using var transaction = connection.BeginTransaction(deferred: false);
            const string findSql = "SELECT checksum FROM schema_migrations WHERE version = @Version";
            var recorded = connection.QuerySingleOrDefault<string>(findSql, new { migration.Version }, transaction);
            if (MigrationSet.WasApplied(migration, recorded))
            {
                continue;
            }

            connection.Execute(migration.Sql, transaction: transaction);
            if (upgrading)
            {
                // A migration may rewrite what public answers show (0007 re-folded the search index): renew them all.
                ContentState.RenewEverything(connection, transaction);
            }
            var broken = connection.Query<(string Table, long? RowId, string Parent, long ForeignKey)>("PRAGMA foreign_key_check", transaction: transaction).AsList();
            if (broken.Count > 0)
            {
                // Disposing the transaction rolls the whole migration back.
                throw new InvalidOperationException(
                    $"Migration {migration.Name} would leave {broken.Count} broken foreign key(s), e.g. {broken[0].Table} row {broken[0].RowId} "
                    + $"referring to a missing {broken[0].Parent} row. Nothing of it was applied.");
            }

            const string recordSql = """
                INSERT INTO schema_migrations (version, name, checksum, applied_at)
                VALUES (@Version, @Name, @Checksum, @AppliedAt)
                """;
            connection.Execute(recordSql, new { migration.Version, migration.Name, migration.Checksum, AppliedAt = Timestamps.ToDb(DateTimeOffset.UtcNow) }, transaction);
            transaction.Commit();
            applied.Add(migration.Name);
            logger.LogInformation("Applied migration {Migration}", migration.Name);
        }

        return applied;
    }
}
