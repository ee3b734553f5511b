namespace NewsApi.Webhooks;

/// <summary>The <c>NewsApi:Webhooks</c> configuration section.</summary>
public sealed class WebhookSettings
{
    /// <summary>The retry schedule when <see cref="RetrySchedule"/> is not set: 5 s, 1 min, 10 min, 1 h, 6 h, 24 h.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24),
    ];

    /// <summary>
    /// Deliver to addresses on loopback, private, link-local (cloud metadata included), shared, multicast or reserved
    /// networks. Off: such URLs are refused when a subscription is created or changed, and every delivery connects
    /// only to an address it resolved outside those networks (checked on the address actually connected to).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Allow http:// subscription URLs in Production (outside Production http is always allowed).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>How long one delivery attempt may take, connection and answer headers included.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Waits before the retries of a failed delivery (TimeSpan text: <c>00:00:05</c>, <c>1.00:00:00</c>, or
    /// <c>00:00:00.050</c> in tests). Empty: <see cref="DefaultRetrySchedule"/>. A delivery is tried once, then once after
    /// each wait; when the last retry fails too, the schedule is exhausted and the delivery is <c>failed</c>.
    /// (Empty by default because the configuration binder appends to a default array instead of replacing it.)
    /// </summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    /// <summary>A subscription is disabled when this many deliveries in a row exhausted the schedule; 0 never disables.</summary>
    public int DisableAfterExhausted { get; set; } = 3;

    /// <summary>Run the delivery worker in this instance (every instance may: each delivery is claimed by one).</summary>
    public bool Deliver { get; set; } = true;

    /// <summary>How often the worker looks for due deliveries (and publishes scheduled articles whose time has come).</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>
    /// How long past the timeout a claimed delivery stays another instance's: a worker killed while sending leaves its
    /// claim, and the delivery is sent again once the claim has run out.
    /// </summary>
    public double ClaimMarginSeconds { get; set; } = 30;

    /// <summary>Deliveries (of different subscriptions) sent at once by one worker.</summary>
    public int BatchSize { get; set; } = 16;

    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule => RetrySchedule.Length > 0 ? RetrySchedule : DefaultRetrySchedule;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan Claim => Timeout + TimeSpan.FromSeconds(ClaimMarginSeconds);
}
