using NewsApi.Data;
using Npgsql;

namespace NewsApi.Tests.Infrastructure;

/// <summary>
/// Which storage engine this run of the suite tests: NEWSAPI_TEST_PROVIDER, <c>sqlite</c> (default) or <c>postgres</c>.
/// .ci/run runs the suite once per engine of NEWSAPI_TEST_PROVIDERS. Tests about one engine only say so by name
/// (a class name containing "Sqlite" or "Postgres"); the run of the other engine leaves them out by that name.
/// </summary>
public static class TestEngine
{
    public const string Variable = "NEWSAPI_TEST_PROVIDER";

    public static DatabaseEngine Current { get; } =
        Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseEngine.Sqlite,
            "postgres" or "postgresql" => DatabaseEngine.Postgres,
            var other => throw new InvalidOperationException($"{Variable} must be sqlite or postgres, not '{other}'."),
        };

    public static bool IsPostgres => Current == DatabaseEngine.Postgres;
}

/// <summary>Where the PostgreSQL tests find their server: NEWSAPI_TEST_POSTGRES, the admin connection string.</summary>
public static class PostgresServer
{
    public const string Variable = "NEWSAPI_TEST_POSTGRES";

    public static string? AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Under CI a missing server is a failure, never a quiet skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason => AdminConnectionString is null && !InCi
        ? $"{Variable} is not set: no PostgreSQL server to test against (start one with tests/postgres/cluster.sh start DIR, or run .ci/run)."
        : null;

    private static string Admin => AdminConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set: start a server with tests/postgres/cluster.sh start DIR and export its output.");

    /// <returns>The connection string of a new, empty database on the test server (drop it with <see cref="DropDatabase"/>).</returns>
    public static string CreateDatabase()
    {
        var name = $"newsapi_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(Admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString;
    }

    /// <summary>A new database (drop it with <see cref="DropDatabase"/>) holding what a pg_dump archive holds, restored as the README says.</summary>
    public static string RestoreDatabase(string archive)
    {
        var restored = CreateDatabase();
        NewsApi.Data.PostgresTools.Run("pg_restore", restored, "--no-owner", "--exit-on-error", $"--dbname={new NpgsqlConnectionStringBuilder(restored).Database}", archive);
        return restored;
    }

    /// <summary>Drops a database <see cref="CreateDatabase"/> made, closing whatever is still connected to it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        using var connection = new NpgsqlConnection(Admin);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}
