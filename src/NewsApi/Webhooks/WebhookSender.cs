using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using NewsApi.Data;
using NewsApi.Observability;

namespace NewsApi.Webhooks;

/// <summary>
/// The delivery worker. On every tick it first publishes the scheduled articles whose time has come (through
/// <see cref="ContentState"/>, as a reader's request would: without it a quiet site would announce them only when a
/// reader came), then claims due deliveries, sends them, and records the outcome: 2xx is delivered; any other status
/// (3xx included: redirects are not followed), a refused address, a connection error or the timeout is a failed attempt,
/// retried after the schedule's next wait.
/// </summary>
public sealed class WebhookSender : BackgroundService
{
    private readonly WebhookStore _store;
    private readonly ContentState _content;
    private readonly IOptionsMonitor<NewsApiOptions> _options;
    private readonly TimeProvider _clock;
    private readonly bool _production;
    private readonly ILogger<WebhookSender> _logger;
    private readonly HttpClient _http;
    private readonly NewsApiMetrics _metrics;

    public WebhookSender(
        WebhookStore store, ContentState content, IOptionsMonitor<NewsApiOptions> options, TimeProvider clock,
        IHostEnvironment environment, NewsApiMetrics metrics, ILogger<WebhookSender> logger)
    {
        _store = store;
        _content = content;
        _options = options;
        _clock = clock;
        _production = environment.IsProduction();
        _logger = logger;
        _http = new HttpClient(WebhookAddresses.CreateHandler(() => _options.CurrentValue.Webhooks.AllowPrivateNetworks))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("NewsApi-Webhooks", "1"));
        _metrics = metrics;
    }

    private WebhookSettings Settings => _options.CurrentValue.Webhooks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Settings.Deliver)
        {
            return;
        }

        await Task.Yield();
        var stopping = stoppingToken;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                _content.Current();
                while (await DeliverDueAsync(stopping) && !stopping.IsCancellationRequested)
                {
                    // A full batch: more may be due, and each delivered one lets its subscription's next one go.
                }
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                // Whatever went wrong (the database away, a bug), the worker lives on: a dead worker would deliver nothing more.
                _logger.LogWarning(exception, "Webhook deliveries could not be read or recorded; trying again at the next tick.");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(10, Settings.PollIntervalMilliseconds)), stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>Whether any delivery was claimed (so more may be due at once).</returns>
    private async Task<bool> DeliverDueAsync(CancellationToken stopping)
    {
        var settings = Settings;
        var now = _clock.GetUtcNow();
        var claimed = _store.Claim(now.ToUnixTimeMilliseconds(), (now + settings.Claim).ToUnixTimeMilliseconds(), Math.Max(1, settings.BatchSize));
        if (claimed.Count == 0)
        {
            return false;
        }

        var results = await Task.WhenAll(claimed.Select(delivery => SendAsync(delivery, settings, stopping)));
        var unsent = new List<long>();
        foreach (var (delivery, result, attemptedAt) in results)
        {
            if (result is null)
            {
                unsent.Add(delivery.Id);
            }
            else if (result.Delivered)
            {
                _store.RecordDelivered(delivery, result, attemptedAt);
                _metrics.WebhookAttempted("delivered");
            }
            else
            {
                var outcome = _store.RecordFailed(delivery, result, attemptedAt, settings.EffectiveRetrySchedule, settings.DisableAfterExhausted);
                _metrics.WebhookAttempted(outcome.ToString().ToLowerInvariant());
                if (outcome == FailureOutcome.Disabled)
                {
                    _logger.LogWarning("Webhook subscription {SubscriptionId} is disabled: {Count} deliveries in a row exhausted the retry schedule.",
                        delivery.SubscriptionId, settings.DisableAfterExhausted);
                }
            }
        }

        _store.Release(unsent);
        return unsent.Count == 0;
    }

    /// <returns>The attempt's result, or null when the worker is stopping and nothing was decided.</returns>
    private async Task<(ClaimedDelivery, AttemptResult?, DateTimeOffset)> SendAsync(ClaimedDelivery delivery, WebhookSettings settings, CancellationToken stopping)
    {
        var attemptedAt = _clock.GetUtcNow();
        var body = WebhookPayload.Body(delivery.Type, delivery.OccurredAt, delivery.Data, _options.CurrentValue);
        var messageId = WebhookPayload.MessageIdPrefix + delivery.MessageId;
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // Configuration may have changed since the subscription was checked: Production's https rule applies at every send.
        if (WebhookAddresses.CheckForm(delivery.Url, _production && !settings.AllowHttp) is not WebhookUrlRefusal.None and var refused)
        {
            return (delivery, new AttemptResult(false, null, 0, $"The URL is refused: {refused}."), attemptedAt);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.Secret, messageId, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return (delivery, status is >= 200 and < 300
                ? new AttemptResult(true, status, Elapsed(), null)
                : new AttemptResult(false, status, Elapsed(), $"The receiver answered {status}."), attemptedAt);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return (delivery, null, attemptedAt);
        }
        catch (OperationCanceledException)
        {
            return (delivery, new AttemptResult(false, null, Elapsed(),
                string.Create(CultureInfo.InvariantCulture, $"No answer within {settings.Timeout.TotalSeconds:0.###} s.")), attemptedAt);
        }
        catch (HttpRequestException exception)
        {
            var reason = exception.InnerException is WebhookAddressException refusal ? refusal.Message : exception.Message;
            return (delivery, new AttemptResult(false, null, Elapsed(), reason), attemptedAt);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
