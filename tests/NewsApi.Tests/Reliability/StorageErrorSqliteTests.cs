using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsApi.Http;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Reliability;

/// <summary>Which SQLite failures are "retry later" (503) rather than a defect (500).</summary>
public sealed class StorageErrorSqliteTests
{
    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(10, true)] // SQLITE_IOERR
    [InlineData(778, true)] // SQLITE_IOERR_WRITE, an extended code
    [InlineData(13, true)] // SQLITE_FULL
    [InlineData(19, false)] // SQLITE_CONSTRAINT: a bug in our checks, not the storage
    [InlineData(1, false)] // SQLITE_ERROR: bad SQL
    [InlineData(11, false)] // SQLITE_CORRUPT: retrying will not help
    public void SQLite_errors_of_the_storage_are_503_and_others_are_not(int code, bool unavailable) =>
        Assert.Equal(unavailable, ProblemDetailsSetup.IsStorageUnavailable(new SqliteException("failure", code)));

    [Fact]
    public void Other_exceptions_are_not_storage_errors() =>
        Assert.False(ProblemDetailsSetup.IsStorageUnavailable(new InvalidOperationException("database is locked")));

    [Fact]
    public async Task A_write_that_waits_past_the_busy_timeout_answers_503_and_the_next_one_succeeds()
    {
        using var factory = Unthrottled();
        // Microsoft.Data.Sqlite retries a busy database until its command timeout (30 s by default) on top of SQLite's own
        // 5 s busy timeout; 1 s keeps this test to one busy timeout.
        factory.With("ConnectionStrings:News", factory.ConnectionString + ";Default Timeout=1");
        var client = factory.CreateClient();
        _ = factory.SeedArticleId(); // start-up done before the lock is taken

        // Another process (a backup tool, the sqlite3 shell) holding the write lock longer than the writer will wait.
        using (var other = new SqliteConnection(factory.ConnectionString + ";Pooling=False"))
        {
            other.Open();
            other.Execute("BEGIN IMMEDIATE");
            var locked = await client.PostCommentAsync(SeedCommentsPath, Valid("locked@example.com"));
            var problem = await locked.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("https://newsapi.dev/problems/unavailable", problem.GetProperty("type").GetString());
            Assert.NotNull(locked.Headers.RetryAfter?.Delta);
            other.Execute("ROLLBACK");
        }

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostCommentAsync(SeedCommentsPath, Valid("locked@example.com"))).StatusCode);
        Assert.Equal(1, factory.CountComments("locked@example.com"));
    }
}
