using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using NewsApi.Tests.Cli;
using NewsApi.Tests.Infrastructure;
using NewsApi.Tests.Reliability;

namespace NewsApi.Tests.Webhooks;

/// <summary>
/// The outbox against real crashes: the server as a child process on the engine under test, SIGKILLed (no shutdown code
/// runs) once after committing a change with its delivery not yet attempted, and once in the middle of sending it. The
/// next process delivers the event; nothing is lost, and the receiver can tell a resend by its webhook-id.
/// </summary>
public sealed class WebhookCrashTests : IDisposable
{
    private readonly CliProcess _database = new();

    private Dictionary<string, string> Settings(bool deliver) => new()
    {
        ["NewsApi__Database__Provider"] = TestEngine.Current.ToString(),
        ["ConnectionStrings__News"] = _database.ConnectionString,
        ["NewsApi__Webhooks__AllowHttp"] = "true",
        ["NewsApi__Webhooks__AllowPrivateNetworks"] = "true",
        ["NewsApi__Webhooks__Deliver"] = deliver ? "true" : "false",
        ["NewsApi__Webhooks__PollIntervalMilliseconds"] = "50",
        // A claim of the killed process runs out 2 s after it was taken.
        ["NewsApi__Webhooks__TimeoutSeconds"] = "2",
        ["NewsApi__Webhooks__ClaimMarginSeconds"] = "0",
    };

    [Fact]
    public async Task An_event_committed_before_a_SIGKILL_is_delivered_by_the_next_process_even_when_killed_mid_delivery()
    {
        Assert.Equal(0, (await _database.RunAsync("migrate")).ExitCode);
        var keys = await _database.RunAsync("keys", "create", "--name", "crash", "--scopes", "content:write,webhooks:manage");
        Assert.True(keys.ExitCode == 0, keys.Error);
        var key = keys.Output.TrimEnd().Split('\n')[^1].Trim();

        await using var receiver = await WebhookReceiver.StartAsync();
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = async (_, n, cancel) =>
        {
            if (n == 1)
            {
                firstArrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancel); // never answers: the sender is killed while waiting
            }

            return 200;
        };

        // A: commits the change, is killed before any delivery is attempted (its worker is off).
        int articleId;
        using (var a = await ServerProcess.StartAsync("unused.db", Settings(deliver: false)))
        {
            using var http = a.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            (await http.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = receiver.Url(), events = new[] { "article.published" } })).EnsureSuccessStatusCode();
            var categoryId = _database.Query<int>("SELECT id FROM categories WHERE slug = @Slug", new { Slug = SeedArticle.CategorySlug }).Single();
            var draft = await (await http.PostAsJsonAsync("/api/v1/admin/articles", new { title = "خبر قبل الانقطاع", bodyHtml = "<p>نص.</p>", categoryId })).JsonAsync(HttpStatusCode.Created);
            articleId = draft.GetProperty("id").GetInt32();
            (await http.PostAsJsonAsync($"/api/v1/admin/articles/{articleId}/publish", new { })).EnsureSuccessStatusCode();
            a.Kill();
        }

        Assert.Empty(receiver.Received);
        Assert.Equal(1, _database.Count("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"));

        // B: claims it and starts sending; killed while the receiver has not answered.
        using (var b = await ServerProcess.StartAsync("unused.db", Settings(deliver: true)))
        {
            await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            b.Kill();
        }

        // C: the claim of B runs out, and C sends it again; this time it is answered.
        using var c = await ServerProcess.StartAsync("unused.db", Settings(deliver: true));
        var received = await receiver.WaitForAsync(2);
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal("article.published", received[1].Type);
        Assert.Equal(articleId, received[1].Data.GetProperty("id").GetInt32());
        await Eventually.HoldsAsync(
            () => Task.FromResult(_database.Count("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'") == 1), "the delivery recorded as delivered");
        await Task.Delay(500);
        Assert.Equal(2, receiver.Received.Count);
    }

    public void Dispose() => _database.Dispose();
}
