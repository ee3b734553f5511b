using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using NewsApi.Tests.Cli;
using NewsApi.Tests.Data.Postgres;
using NewsApi.Tests.Infrastructure;
using NewsApi.Tests.Reliability;

namespace NewsApi.Tests.Webhooks;

/// <summary>
/// Two real server processes on one PostgreSQL database, both running the delivery worker: every delivery is claimed
/// by one of them (FOR UPDATE SKIP LOCKED and a claim time), so each subscription gets each event once, in order.
/// </summary>
public sealed class WebhookMultiInstancePostgresTests : IDisposable
{
    private readonly CliProcess _database = new();

    [PostgresFact]
    public async Task Two_instances_delivering_from_one_database_send_each_event_once_per_subscription_in_order()
    {
        Assert.Equal(0, (await _database.RunAsync("migrate")).ExitCode);
        var keys = await _database.RunAsync("keys", "create", "--name", "two", "--scopes", "content:write,webhooks:manage");
        Assert.True(keys.ExitCode == 0, keys.Error);
        var key = keys.Output.TrimEnd().Split('\n')[^1].Trim();
        var settings = new Dictionary<string, string>
        {
            ["NewsApi__Database__Provider"] = "Postgres",
            ["ConnectionStrings__News"] = _database.ConnectionString,
            ["NewsApi__Webhooks__AllowHttp"] = "true",
            ["NewsApi__Webhooks__AllowPrivateNetworks"] = "true",
            ["NewsApi__Webhooks__PollIntervalMilliseconds"] = "20",
        };
        await using var receiver = await WebhookReceiver.StartAsync();
        // A little work per request, so both workers are busy at once.
        receiver.Respond = async (_, _, cancel) =>
        {
            await Task.Delay(Random.Shared.Next(0, 15), cancel);
            return 200;
        };
        var started = new[] { ServerProcess.StartAsync("unused.db", settings), ServerProcess.StartAsync("unused.db", settings) };
        using var a = await started[0];
        using var b = await started[1];

        var paths = new[] { "/one", "/two", "/three" };
        using var http = a.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var path in paths)
        {
            (await http.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = receiver.Url(path), events = new[] { "article.published" } })).EnsureSuccessStatusCode();
        }

        var categoryId = _database.Query<int>("SELECT id FROM categories WHERE slug = @Slug", new { Slug = SeedArticle.CategorySlug }).Single();
        const int articles = 25;
        var ids = new List<int>();
        for (var i = 0; i < articles; i++)
        {
            var server = i % 2 == 0 ? a : b;
            using var editor = server.CreateClient();
            editor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var draft = await (await editor.PostAsJsonAsync("/api/v1/admin/articles", new { title = $"خبر رقم {i} من مثيلين", bodyHtml = "<p>نص.</p>", categoryId })).JsonAsync(HttpStatusCode.Created);
            var id = draft.GetProperty("id").GetInt32();
            (await editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { })).EnsureSuccessStatusCode();
            ids.Add(id);
        }

        foreach (var path in paths)
        {
            var received = await receiver.WaitForAsync(articles, path, TimeSpan.FromSeconds(60));
            Assert.Equal(ids, received.Select(r => r.Data.GetProperty("id").GetInt32()));
        }

        await Task.Delay(1000);
        foreach (var path in paths)
        {
            var received = receiver.At(path);
            Assert.Equal(articles, received.Count);
            Assert.Equal(articles, received.Select(r => r.Id).Distinct().Count());
        }

        Assert.Equal(articles * paths.Length, _database.Count("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered' AND attempts = 1"));
    }

    public void Dispose() => _database.Dispose();
}
