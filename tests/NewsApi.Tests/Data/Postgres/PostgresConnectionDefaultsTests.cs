using Dapper;
using NewsApi.Data.Postgres;
using Npgsql;

namespace NewsApi.Tests.Data.Postgres;

/// <summary>
/// What <see cref="PostgresDatabase"/> adds to the operator's connection string, and the thread-pool floor it keeps:
/// the two settings the PostgreSQL benchmark showed a list page and a comment submission to need.
/// </summary>
public sealed class PostgresConnectionDefaultsTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public void Timeouts_and_automatic_preparation_are_added_only_where_the_connection_string_names_none()
    {
        var defaults = new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db;Database=news"));
        Assert.Equal(PostgresDatabase.DefaultTimeoutSeconds, defaults.Timeout);
        Assert.Equal(PostgresDatabase.DefaultCommandTimeoutSeconds, defaults.CommandTimeout);
        Assert.Equal(PostgresDatabase.DefaultMaxAutoPrepare, defaults.MaxAutoPrepare);
        Assert.Equal(2, defaults.AutoPrepareMinUsages);

        // An operator's choice wins, including turning preparation off (0) for a pooler that cannot keep statements.
        var chosen = new NpgsqlConnectionStringBuilder(
            PostgresDatabase.WithDefaults("Host=db;Database=news;Timeout=9;Command Timeout=60;Max Auto Prepare=0"));
        Assert.Equal(9, chosen.Timeout);
        Assert.Equal(60, chosen.CommandTimeout);
        Assert.Equal(0, chosen.MaxAutoPrepare);
    }

    [PostgresFact]
    public void A_statement_run_again_on_a_pooled_connection_is_prepared_on_the_server_and_stays_prepared_after_reuse()
    {
        using var database = new PostgresDatabase(fixture.ConnectionString);
        const string sql = "SELECT count(*) FROM pg_class WHERE relname = @Name";
        for (var run = 0; run < 3; run++)
        {
            // Each run borrows the pool's one idle connection again, as a request does.
            using var connection = database.Open();
            connection.ExecuteScalar<long>(sql, new { Name = "pg_proc" });
        }

        using var again = database.Open();
        var prepared = again.ExecuteScalar<long>(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT count(*) FROM pg_class WHERE relname = %'");
        Assert.Equal(1, prepared);
    }

    [PostgresFact]
    public void The_thread_pool_keeps_a_thread_for_every_connection_the_pool_may_lend()
    {
        ThreadPool.GetMinThreads(out var before, out _);
        var poolSize = Math.Max(before, Environment.ProcessorCount) + 7;
        using var database = new PostgresDatabase(fixture.ConnectionString + $";Maximum Pool Size={poolSize}");

        ThreadPool.GetMinThreads(out var after, out _);
        Assert.True(after >= poolSize, $"min worker threads {after}, pool size {poolSize}");
    }
}
