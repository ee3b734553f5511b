using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Data.Postgres;
using NewsApi.Tests.Reliability;
using Npgsql;
using Xunit.Abstractions;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

/// <summary>
/// The real server on PostgreSQL, SIGKILLed at random moments while several clients submit comments, each with its
/// own Idempotency-Key: a 202 means committed, so after a restart every acknowledged comment is stored exactly once,
/// and sending every submission again with its key (what a client that lost its answer does) stores nothing twice.
/// On PostgreSQL there is no process-wide writer queue: the commit, the key's unique row and the per-e-mail lock are
/// what make this hold.
/// </summary>
public sealed class PostgresCommentCrashTests(PostgresDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Iterations = 3;
    private const int Clients = 4;

    [PostgresFact]
    public async Task Every_acknowledged_comment_survives_SIGKILL_exactly_once_and_retries_with_its_key_store_nothing_twice()
    {
        var random = new Random();
        var sent = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal); // e-mail (also its key) of every submission tried
        var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal); // e-mail → comment id answered
        var unexpected = new ConcurrentBag<string>();

        for (var iteration = 1; iteration <= Iterations; iteration++)
        {
            var answered = await KillDuringSubmissionsAsync(StartAsync, $"pgcrash-{iteration}", Clients, random, acknowledged, unexpected, sent);
            output.WriteLine($"Iteration {iteration}: killed after {answered} acknowledged comments");
        }

        Assert.Empty(unexpected);
        var stored = StoredIds();
        Assert.All(acknowledged, ack =>
        {
            Assert.True(stored.TryGetValue(ack.Key, out var ids), $"acknowledged comment {ack.Value} ({ack.Key}) is missing");
            Assert.Equal(ack.Value, Assert.Single(ids));
        });
        Assert.All(stored, row => Assert.Single(row.Value));

        // Every submission again, with its key, on a restarted server: acknowledged ones answer their first id, the
        // others are stored now if the killed server had not committed them, and nothing is stored twice.
        using (var restarted = await StartAsync())
        {
            using var client = restarted.CreateClient();
            foreach (var email in sent.Keys)
            {
                using var again = await client.PostCommentAsync(SeedCommentsPath, Valid(email, CrashBody(email)), email);
                Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
                var id = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                if (acknowledged.TryGetValue(email, out var first))
                {
                    Assert.Equal(first, id);
                    Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
                }
            }
        }

        var final = StoredIds();
        Assert.Equal(sent.Keys.Order(StringComparer.Ordinal), final.Keys.Order(StringComparer.Ordinal));
        Assert.All(final, row => Assert.Single(row.Value));
        Assert.True(acknowledged.Count >= Iterations, $"only {acknowledged.Count} acknowledged writes: the test checked too little");
        output.WriteLine($"Acknowledged: {acknowledged.Count}; sent: {sent.Count}; each stored exactly once after the retries");
    }

    private Task<ServerProcess> StartAsync() =>
        // The file path is unused: the settings point the server at the class's PostgreSQL database instead.
        ServerProcess.StartAsync("unused.db", new Dictionary<string, string>
        {
            ["NewsApi__Database__Provider"] = "Postgres",
            ["ConnectionStrings__News"] = fixture.ConnectionString,
        });

    private Dictionary<string, List<long>> StoredIds()
    {
        using var db = new NpgsqlConnection(fixture.ConnectionString);
        return db.Query<(long Id, string Email)>("SELECT id, author_email FROM comments WHERE author_email LIKE 'pgcrash-%'")
            .GroupBy(row => row.Email, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(row => row.Id).ToList(), StringComparer.Ordinal);
    }
}
