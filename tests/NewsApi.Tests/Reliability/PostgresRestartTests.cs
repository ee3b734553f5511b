using System.Collections.Concurrent;
using System.Net;
using NewsApi.Tests.Infrastructure;
using Xunit.Abstractions;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// PostgreSQL stopped and started again under the running API (a real process) while readers and writers keep going:
/// during the outage every answer is a 503 problem with Retry-After (or a cached 200), never a 500 or a hang, and
/// afterwards the API serves again by itself.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Clients = 4;

    [Data.Postgres.PostgresFact]
    public async Task Reads_and_writes_answer_503_while_PostgreSQL_restarts_and_succeed_again_without_restarting_the_API()
    {
        using var cluster = PostgresCluster.Start();
        var connectionString = cluster.CreateDatabase("newsapi");
        using var server = await ServerProcess.StartAsync("", new Dictionary<string, string>
        {
            ["NewsApi__Database__Provider"] = "Postgres",
            ["ConnectionStrings__News"] = connectionString,
        });
        using var client = server.CreateClient();
        // A hang is a failure: far longer than any answer should take, even refused.
        client.Timeout = TimeSpan.FromSeconds(30);

        var answers = new ConcurrentQueue<(string Phase, string Request, HttpStatusCode Status, string? MediaType, bool RetryAfter)>();
        var phase = "before";
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Clients)
            .Select(n => Task.Run(() => LoadAsync(client, n, () => Volatile.Read(ref phase), answers, stop.Token)))
            .ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        cluster.Stop();
        Volatile.Write(ref phase, "outage");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Volatile.Write(ref phase, "starting");
        cluster.StartAgain();
        Volatile.Write(ref phase, "after");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        foreach (var group in answers.GroupBy(a => (a.Phase, a.Status)))
        {
            output.WriteLine($"{group.Key.Phase}: {(int)group.Key.Status} × {group.Count()}");
        }

        Assert.DoesNotContain(answers, a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a =>
        {
            Assert.Equal("application/problem+json", a.MediaType);
            Assert.True(a.RetryAfter, $"{a.Request}: a 503 without Retry-After");
        });
        Assert.Contains(answers, a => a.Phase == "outage" && a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(answers, a => a.Phase == "outage" && a.Request == "GET /health/ready" && a.Status == HttpStatusCode.ServiceUnavailable);
        // Once the server accepts connections again, nothing fails: no request meets a pooled connection of the old server.
        Assert.All(answers.Where(a => a.Phase == "after"), a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Accepted,
            $"after the restart {a.Request} answered {(int)a.Status}\n{server.Output}"));
        Assert.Contains(answers, a => a.Phase == "after" && a.Status == HttpStatusCode.Accepted);
        Assert.False(server.HasExited);
    }

    private static async Task LoadAsync(
        HttpClient client, int n, Func<string> phase,
        ConcurrentQueue<(string, string, HttpStatusCode, string?, bool)> answers, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var current = phase();
            // Each client writes and reads in turn: the readiness probe, and public lists (from the output cache while
            // the content version is known, else from the database).
            var (request, send) = (i % 4) switch
            {
                0 => ("POST comment", () => client.PostCommentAsync(SeedCommentsPath, Valid($"restart-{n}-{i}@example.com", $"تعليق {i} من {n}"))),
                1 => ("GET /health/ready", () => client.GetAsync("/health/ready")),
                2 => ("GET tags", () => client.GetAsync("/api/v1/tags")),
                _ => ("GET authors", (Func<Task<HttpResponseMessage>>)(() => client.GetAsync("/api/v1/authors"))),
            };
            using var response = await send();
            answers.Enqueue((current, $"{request}", response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter is not null));
        }
    }
}
