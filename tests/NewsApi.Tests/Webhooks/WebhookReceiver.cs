using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace NewsApi.Tests.Webhooks;

/// <summary>One POST the receiver got: the Standard Webhooks headers and the body as sent.</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string Body, string? ContentType, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string Type => Json.GetProperty("type").GetString()!;

    public JsonElement Data => Json.GetProperty("data");
}

/// <summary>
/// A real HTTP receiver on loopback: Kestrel in the test process, on a port the OS picks. It records every POST and
/// answers as <see cref="Respond"/> says (204 by default), so tests can make it fail, hang or redirect.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The answer to the n-th POST (from 1): a status code, after whatever wait it chooses.</summary>
    public Func<ReceivedWebhook, int, CancellationToken, Task<int>> Respond { get; set; } = (_, _, _) => Task.FromResult(204);

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path = "/hook") => new Uri(BaseAddress, path).ToString();

    public IReadOnlyList<ReceivedWebhook> At(string path) => Received.Where(r => r.Path == path).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var received = new ReceivedWebhook(
                context.Request.Path.Value ?? "",
                context.Request.Headers["webhook-id"].ToString(),
                context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(),
                await reader.ReadToEndAsync(context.RequestAborted),
                context.Request.ContentType,
                DateTimeOffset.UtcNow);
            receiver.Received.Enqueue(received);
            var status = await receiver.Respond(received, Interlocked.Increment(ref receiver._count), context.RequestAborted);
            if (status is >= 300 and < 400)
            {
                context.Response.Headers.Location = receiver.Url("/redirected");
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.Single());
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> POSTs reached <paramref name="path"/>, failing after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, string path = "/hook", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (At(path).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"{At(path).Count} of {count} webhooks reached {path}: {string.Join(" | ", Received.Select(r => r.Path + " " + r.Body))}");
            await Task.Delay(20);
        }

        return At(path);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
