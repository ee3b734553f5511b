using Dapper;
using NewsApi.Data.Postgres;
using Npgsql;

namespace NewsApi.Tests.Data.Postgres;

/// <summary>
/// <c>No Reset On Close</c>, which <see cref="PostgresDatabase"/> adds unless the connection string names it: a pooled
/// connection is lent without Npgsql's reset statements, which is safe only while nothing a request does outlives its
/// transaction on the connection. These tests hold the default and that promise.
/// </summary>
public sealed class PostgresPoolNoResetTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public void No_reset_on_close_is_added_only_where_the_connection_string_names_none()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db;Database=news")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db;Database=news;No Reset On Close=false")).NoResetOnClose);
    }

    [PostgresFact]
    public void A_pooled_connection_is_lent_again_on_the_same_session_without_the_last_transaction_or_its_settings()
    {
        // One connection in the pool, so every Open below lends the same server session.
        using var database = new PostgresDatabase(fixture.ConnectionString + ";Maximum Pool Size=1");
        int session;
        using (var connection = database.Open())
        {
            session = connection.ExecuteScalar<int>("SELECT pg_backend_pid()");
            connection.Execute("CREATE TABLE IF NOT EXISTS no_reset_probe (id int)");
        }

        using (var write = database.BeginWrite())
        {
            // A transaction-local setting and a row, then the scope is disposed without a commit (a failed request).
            write.Connection.Execute("SELECT set_config('newsapi.probe', 'left', true)", transaction: write.Transaction);
            write.Connection.Execute("INSERT INTO no_reset_probe VALUES (1)", transaction: write.Transaction);
        }

        using var again = database.Open();
        Assert.Equal(session, again.ExecuteScalar<int>("SELECT pg_backend_pid()"));
        Assert.Equal(0, again.ExecuteScalar<long>("SELECT count(*) FROM no_reset_probe"));
        Assert.Equal("", again.ExecuteScalar<string>("SELECT coalesce(current_setting('newsapi.probe', true), '')"));
        // A writing transaction still open on the session would hold its transaction id's lock.
        Assert.Equal(0, again.ExecuteScalar<long>("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'transactionid'"));
    }
}
