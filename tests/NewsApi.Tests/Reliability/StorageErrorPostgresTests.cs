using System.Net.Sockets;
using NewsApi.Http;
using Npgsql;

namespace NewsApi.Tests.Reliability;

/// <summary>Which PostgreSQL failures are "retry later" (503) rather than a defect (500).</summary>
public sealed class StorageErrorPostgresTests
{
    [Theory]
    [InlineData("57P01", true)] // terminating connection due to administrator command: the server is stopping
    [InlineData("57P03", true)] // the database system is starting up
    [InlineData("08006", true)] // connection failure
    [InlineData("53300", true)] // too many connections
    [InlineData("40001", true)] // serialization failure, after the write's retries
    [InlineData("40P01", true)] // deadlock, after the write's retries
    [InlineData("23505", false)] // unique violation: a bug in our checks, not the server
    [InlineData("42601", false)] // syntax error: bad SQL
    public void PostgreSQL_errors_of_an_unavailable_server_are_503_and_others_are_not(string sqlState, bool unavailable) =>
        Assert.Equal(unavailable, ProblemDetailsSetup.IsStorageUnavailable(new PostgresException("failure", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_server_that_refuses_the_connection_is_unavailable() =>
        Assert.True(ProblemDetailsSetup.IsStorageUnavailable(
            new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))));
}
