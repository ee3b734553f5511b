using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using NewsApi.Tests.Infrastructure;
using Npgsql;

namespace NewsApi.Tests.Data.Postgres;

/// <summary>A test of the application on PostgreSQL: runs in the PostgreSQL run of the suite (NEWSAPI_TEST_PROVIDER=postgres).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresRunFactAttribute : FactAttribute
{
    public PostgresRunFactAttribute()
    {
        if (!TestEngine.IsPostgres)
        {
            Skip = $"The application is on SQLite in this run; set {TestEngine.Variable}=postgres.";
        }
    }
}

/// <summary>
/// On PostgreSQL the content version learns of writes by LISTEN/NOTIFY, whoever commits them, and falls back to
/// re-reading the version row every <see cref="PostgresContentChanges.PollInterval"/> while it cannot listen.
/// </summary>
public sealed class ContentStatePostgresTests : IDisposable
{
    /// <summary>Far above the documented bound (a notification, or one poll interval): a failure, not a measurement.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly NewsApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [PostgresRunFact]
    public async Task A_write_through_raw_SQL_moves_the_ETag_and_empties_the_cached_answers()
    {
        var client = _factory.CreateClient();
        const string path = "/api/v1/tags";
        var first = await client.GetAsync(path);
        var cached = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.NotNull(cached.Headers.Age); // the output cache holds it

        // As psql would: a plain connection, none of the application's code, renaming a tag of a public article.
        const string name = "وسم سماه مشغل من psql";
        await using (var psql = new NpgsqlConnection(_factory.ConnectionString))
        {
            const string sql = """
                UPDATE tags SET name = @name
                WHERE id = (SELECT at.tag_id FROM article_tags at JOIN articles a ON a.id = at.article_id WHERE a.slug = @Slug LIMIT 1)
                """;
            Assert.Equal(1, await psql.ExecuteAsync(sql, new { name, SeedArticle.Slug }));
        }

        var fresh = await UntilAsync(() => client.GetAsync(path), response => response.Headers.ETag?.Tag != first.Headers.ETag?.Tag);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Null(fresh.Headers.Age);
        Assert.Contains(name, Texts(await fresh.JsonAsync()));
    }

    [PostgresRunFact]
    public async Task A_comment_that_is_not_approved_announces_no_commit_and_an_approved_one_does()
    {
        // A comment held back (spam here; pending likewise) moves no content version, so its commit must not make the
        // next public request read the version row again; an approved one must, at once, for read-your-write.
        using var factory = NewsApi.Tests.Comments.CommentTestData.Unthrottled().With("NewsApi:Comments:Moderation", "auto");
        var client = factory.CreateClient();
        var changes = Assert.IsType<PostgresContentChanges>(factory.Services.GetRequiredService<ContentState>().Changes);
        await UntilAsync(() => Task.FromResult(changes.IsListening), listening => listening);
        var path = NewsApi.Tests.Comments.CommentTestData.SeedCommentsPath;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode); // past the listener's own first move
        var before = changes.Generation();

        var spam = await client.PostAsJsonAsync(path, new { authorName = "بوت", authorEmail = "bot@example.com", body = "عرض خاص", website = "https://spam.example" });
        Assert.Equal(HttpStatusCode.Accepted, spam.StatusCode);
        Assert.Equal(before, changes.Generation());

        var approved = await client.PostAsJsonAsync(path, NewsApi.Tests.Comments.CommentTestData.Valid("announced@example.com"));
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        Assert.Equal("approved", (await approved.JsonAsync(HttpStatusCode.Accepted)).GetProperty("status").GetString());
        Assert.NotEqual(before, changes.Generation());
    }

    [PostgresRunFact]
    public async Task A_listening_connection_the_server_terminates_is_opened_again_and_hears_later_writes()
    {
        var state = _factory.Services.GetRequiredService<ContentState>();
        var changes = Assert.IsType<PostgresContentChanges>(state.Changes);
        var before = await UntilAsync(() => Task.FromResult(ListenerPid()), pid => pid is not null && changes.IsListening);

        await using (var admin = new NpgsqlConnection(_factory.ConnectionString))
        {
            Assert.True(await admin.ExecuteScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", new { pid = before }));
        }

        await UntilAsync(() => Task.FromResult(ListenerPid()), pid => pid is not null && pid != before && changes.IsListening);
        var version = state.Current().Version;
        Touch();
        await UntilAsync(() => Task.FromResult(state.Current().Version), current => current != version);
    }

    [PostgresRunFact]
    public async Task Without_a_listening_connection_the_version_row_is_polled_and_follows_raw_writes()
    {
        _ = _factory.Server; // migrated and seeded
        using var database = new PostgresDatabase(_factory.ConnectionString);
        // Port 1 on loopback: nothing listens there, so the listener never connects and only the poll can tell.
        var changes = new PostgresContentChanges(database, "Host=127.0.0.1;Port=1;Username=nobody;Timeout=1", NullLogger.Instance);
        using var state = new ContentState(database, changes, TimeProvider.System);
        var before = state.Current();

        Touch();

        var after = await UntilAsync(() => Task.FromResult(state.Current()), current => current.Version != before.Version);
        Assert.False(changes.IsListening);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    /// <summary>A committed write that moves the content version, from a plain connection.</summary>
    private void Touch()
    {
        using var psql = new NpgsqlConnection(_factory.ConnectionString);
        psql.Execute("UPDATE articles SET title = title || '!' WHERE slug = @Slug", new { SeedArticle.Slug });
    }

    private int? ListenerPid()
    {
        using var psql = new NpgsqlConnection(_factory.ConnectionString);
        const string sql = """
            SELECT pid FROM pg_stat_activity
            WHERE application_name = @ListenerName AND datname = current_database()
            """;
        return psql.Query<int>(sql, new { PostgresContentChanges.ListenerName }).Cast<int?>().SingleOrDefault();
    }

    /// <summary>Every string in a JSON answer, whatever its shape.</summary>
    private static IEnumerable<string> Texts(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => [element.GetString()!],
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Texts(property.Value)),
        _ => [],
    };

    private static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            Assert.True(deadline.Elapsed < Patience, $"Still not so after {Patience}: last saw {value}.");
            await Task.Delay(50);
        }
    }
}
