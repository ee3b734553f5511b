using Dapper;
using Npgsql;

namespace NewsApi.Data.Postgres;

/// <summary>
/// Applies the forward-only SQL files of db/migrations/postgres (embedded in the assembly) in name order, each in its
/// own transaction, and records them in schema_migrations with a checksum, as <see cref="Migrator"/> does for SQLite.
/// The whole run holds a PostgreSQL advisory lock, so instances starting together against one database apply each
/// migration once: the later ones wait, then find everything applied.
/// </summary>
public sealed class PostgresMigrator(string connectionString, ILogger<PostgresMigrator> logger) : ISchemaMigrator
{
    /// <summary>
    /// The advisory lock's key ("NewsMigr" in ASCII). Advisory locks belong to one database, so the key only has to be
    /// unlikely to collide with another application's locks in the same database.
    /// </summary>
    internal const long LockKey = 0x4E65_7773_4D69_6772;

    /// <summary>How long a starting instance waits for another one's migrations before giving up, in seconds.</summary>
    private const int LockWaitSeconds = 300;

    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations =
        new(() => MigrationSet.Read(typeof(PostgresMigrator).Assembly, MigrationSet.PostgresPrefix));

    /// <summary>The PostgreSQL migrations inside the assembly, read and hashed once.</summary>
    public static IReadOnlyList<Migration> Embedded() => EmbeddedMigrations.Value;

    public IReadOnlyList<Migration> Expected => Embedded();

    /// <returns>The names of the migrations applied by this call.</returns>
    public IReadOnlyList<string> Migrate() => Apply(Embedded());

    /// <summary>
    /// Applies those of <paramref name="migrations"/> not applied yet, in order. <see cref="Migrate"/> passes the embedded
    /// ones; tests pass ones that must be refused.
    /// </summary>
    internal IReadOnlyList<string> Apply(IEnumerable<Migration> migrations)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();

        // A session lock rather than one per transaction: it covers creating schema_migrations too (two concurrent
        // CREATE TABLE IF NOT EXISTS can both miss the table and one then fails), and the run as a whole. It goes with
        // the session if the process dies, and is released below otherwise.
        connection.Execute("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, commandTimeout: LockWaitSeconds);
        try
        {
            connection.Execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    text        PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """);
            return ApplyEach(connection, migrations);
        }
        finally
        {
            // After a failed migration the connection may be unusable; closing it releases the lock all the same.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                connection.Execute("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
            }
        }
    }

    private List<string> ApplyEach(NpgsqlConnection connection, IEnumerable<Migration> migrations)
    {
        var applied = new List<string>();
        // A database with content from an earlier release, whose cached answers a migration may change.
        var upgrading = connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM schema_migrations)");
        foreach (var migration in migrations)
        {
            using var transaction = connection.BeginTransaction();
            const string findSql = "SELECT checksum FROM schema_migrations WHERE version = @Version";
            var recorded = connection.QuerySingleOrDefault<string>(findSql, new { migration.Version }, transaction);
            if (MigrationSet.WasApplied(migration, recorded))
            {
                continue;
            }

            // No timeout: a migration that rewrites a large table takes as long as it takes, under the lock.
            connection.Execute(migration.Sql, transaction: transaction, commandTimeout: 0);
            if (upgrading)
            {
                // A migration may rewrite what public answers show (0007 re-folded the search index): renew them all.
                ContentState.RenewEverything(connection, transaction);
            }
            const string recordSql = """
                INSERT INTO schema_migrations (version, name, checksum)
                VALUES (@Version, @Name, @Checksum)
                """;
            connection.Execute(recordSql, new { migration.Version, migration.Name, migration.Checksum }, transaction);
            transaction.Commit();
            applied.Add(migration.Name);
            logger.LogInformation("Applied PostgreSQL migration {Migration}", migration.Name);
        }

        return applied;
    }
}
