using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using NewsApi.Admin;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Webhooks;

/// <summary>A test's app with webhooks set to reach a loopback receiver quickly, and a subscription to it.</summary>
public sealed class WebhookTestKit : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://news.example.com";

    private WebhookTestKit(NewsApiFactory factory, WebhookReceiver receiver)
    {
        Factory = factory;
        Receiver = receiver;
        Admin = factory.CreateClientWithKey(ApiKeyStore.WebhooksManage);
        Newsroom = new Newsroom(factory);
    }

    public NewsApiFactory Factory { get; }

    public WebhookReceiver Receiver { get; }

    public HttpClient Admin { get; }

    public Newsroom Newsroom { get; }

    /// <param name="settings">More NewsApi:Webhooks settings (name without the section).</param>
    public static async Task<WebhookTestKit> StartAsync(params (string Key, string Value)[] settings)
    {
        var factory = new NewsApiFactory()
            .With("NewsApi:PublicBaseUrl", PublicBaseUrl)
            .With("NewsApi:Webhooks:AllowHttp", "true")
            .With("NewsApi:Webhooks:AllowPrivateNetworks", "true")
            .With("NewsApi:Webhooks:PollIntervalMilliseconds", "50");
        foreach (var (key, value) in settings)
        {
            factory.With("NewsApi:Webhooks:" + key, value);
        }

        _ = factory.Server;
        return new WebhookTestKit(factory, await WebhookReceiver.StartAsync());
    }

    /// <returns>The subscription's id and secret.</returns>
    public async Task<(int Id, string Secret)> SubscribeAsync(string[]? events = null, string path = "/hook")
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/admin/webhooks", new
        {
            url = Receiver.Url(path),
            events = events ?? ["article.published", "article.updated", "article.unpublished", "article.deleted", "comment.approved", "taxonomy.changed"],
            description = "مستقبل الاختبار",
        });
        var created = await response.JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetInt32(), created.GetProperty("secret").GetString()!);
    }

    public async Task<JsonElement> SubscriptionAsync(int id) => await (await Admin.GetAsync($"/api/v1/admin/webhooks/{id}")).JsonAsync();

    public async Task<JsonElement[]> DeliveriesAsync(int id) =>
        (await (await Admin.GetAsync($"/api/v1/admin/webhooks/{id}/deliveries?pageSize=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToArray();

    /// <summary>The attempts the database recorded for the subscription's deliveries so far.</summary>
    public int Attempts(int subscriptionId)
    {
        using var db = Factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT coalesce(sum(attempts), 0) FROM webhook_deliveries WHERE subscription_id = @subscriptionId", new { subscriptionId });
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Receiver.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
