using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data.Postgres;

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
    public Task<string> CreateDatabaseAsync()
    {
        var connectionString = PostgresServer.CreateDatabase();
        _databases.Add(connectionString);
        return Task.FromResult(connectionString);
    }

    public Task DisposeAsync()
    {
        foreach (var connectionString in _databases)
        {
            PostgresServer.DropDatabase(connectionString);
        }

        return Task.CompletedTask;
    }
}
