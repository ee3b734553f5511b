using Npgsql;

namespace NewsApi.Tests.Data.Postgres;

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
}

/// <summary>A test that needs PostgreSQL: skipped with the reason when no server is given outside CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// A fresh database for a test class, created on the server of NEWSAPI_TEST_POSTGRES and dropped afterwards, plus
/// more fresh ones for tests that need an empty database of their own (<see cref="CreateDatabaseAsync"/>). Fails
/// every test of the class when CI=true and no server is given.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private readonly List<string> _databases = [];

    /// <summary>The class's database (empty: nothing applied to it).</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (PostgresServer.AdminConnectionString is null)
        {
            if (PostgresServer.InCi)
            {
                throw new InvalidOperationException(
                    $"CI=true but {PostgresServer.Variable} is not set: the PostgreSQL tests must run in CI (.ci/run starts a cluster).");
            }

            return; // every test here is a [PostgresFact], skipped with the reason
        }

        ConnectionString = await CreateDatabaseAsync();
    }

    /// <returns>The connection string of a new, empty database, dropped with the fixture.</returns>
    public async Task<string> CreateDatabaseAsync()
    {
        var admin = PostgresServer.AdminConnectionString
            ?? throw new InvalidOperationException($"{PostgresServer.Variable} is not set.");
        var name = $"newsapi_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_databases.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
