using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data;

/// <summary>
/// On SQLite the content version's change signal is <c>PRAGMA data_version</c> on a watcher connection; it must survive
/// that connection failing. (PostgreSQL's listener: ContentStatePostgresTests.)
/// </summary>
public sealed class ContentStateSqliteTests : IDisposable
{
    private readonly NewsApiFactory _factory = new NewsApiFactory().With("NewsApi:Http:OutputCache", "false");

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_broken_watcher_connection_is_reopened_by_the_next_request()
    {
        var client = _factory.CreateClient();
        var before = await client.GetAsync("/api/v1/articles");
        var state = _factory.Services.GetRequiredService<ContentState>();

        // What a failing disk or a handle closed under it leaves: a connection the prepared command cannot run on.
        ((NewsApi.Data.Sqlite.SqliteDataVersion)state.Changes).Watcher!.Close();
        Assert.ThrowsAny<Exception>(state.Current);
        var after = await client.GetAsync("/api/v1/articles");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public void A_watcher_that_could_not_open_is_opened_by_the_next_call()
    {
        // A database whose folder does not exist yet cannot be opened; once it exists (and is migrated), the same
        // ContentState answers.
        var folder = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));
        var database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={Path.Combine(folder, "late", "news.db")}", "FULL");
        using var state = new ContentState(database, TimeProvider.System);
        try
        {
            Assert.ThrowsAny<Exception>(state.Current);
            new Migrator(database, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).Migrate();

            Assert.True(state.Current().Version > 0);
        }
        finally
        {
            state.Dispose();
            database.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
