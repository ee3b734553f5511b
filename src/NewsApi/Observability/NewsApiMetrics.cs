using System.Diagnostics;
using System.Diagnostics.Metrics;
using NewsApi.Data;

namespace NewsApi.Observability;

/// <summary>
/// The instruments NewsApi owns, all from one meter named <see cref="Name"/> (created through
/// <see cref="IMeterFactory"/>, so each host, test hosts included, has its own), and the activity source of its own
/// spans. Recording costs next to nothing while no listener (OpenTelemetry, dotnet-counters) is attached.
/// </summary>
public sealed class NewsApiMetrics
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "NewsApi";

    /// <summary>Spans around database writes; parents of Npgsql's command spans on PostgreSQL.</summary>
    public static readonly ActivitySource Activities = new(Name);

    /// <summary>What became of a comment submission: the <c>outcome</c> tag of <c>newsapi.comments.submissions</c>.</summary>
    public static class CommentOutcomes
    {
        public const string Pending = "pending";
        public const string Approved = "approved";
        public const string Spam = "spam";
        public const string Duplicate = "duplicate";
        public const string Replayed = "replayed";
        public const string RateLimited = "rate_limited";
        public const string Flood = "flood";
        public const string Refused = "refused";
        public const string Failed = "failed";

        /// <summary>Every value, in the order the documentation lists them.</summary>
        public static readonly string[] All = [Pending, Approved, Spam, Duplicate, Replayed, RateLimited, Flood, Refused, Failed];
    }

    /// <summary>The counter of requests let through because Redis did not answer, tagged with the limit's name.</summary>
    public const string LimitFailOpenInstrument = "newsapi.ratelimit.failopen";

    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _comments;
    private readonly Counter<long> _limitFailOpen;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _searchDuration;
    private readonly Histogram<double> _searchQueueWait;
    private readonly Histogram<double> _writeDuration;
    private readonly Histogram<double> _writeQueueWait;

    public NewsApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _cacheLookups = meter.CreateCounter<long>(
            "newsapi.output_cache.lookups", "{lookup}", "Public GETs the output cache took part in, by result: hit (served from memory) or miss (computed).");
        _comments = meter.CreateCounter<long>(
            "newsapi.comments.submissions", "{submission}", "Comment submissions by outcome.");
        _limitFailOpen = meter.CreateCounter<long>(
            LimitFailOpenInstrument, "{request}", "Requests let through unlimited because Redis did not answer the shared limits.");
        _webhookDeliveries = meter.CreateCounter<long>(
            "newsapi.webhooks.deliveries", "{attempt}",
            "Webhook delivery attempts by outcome: delivered, retrying, exhausted, disabled (the subscription with it).");
        _searchDuration = meter.CreateHistogram(
            "newsapi.search.duration", "s", "Time full-text searches that reached the engine took (query, count and snippets).", advice: SecondsBuckets);
        _searchQueueWait = meter.CreateHistogram(
            "newsapi.search.queue.wait", "s", "Time an admitted search waited for a search slot (0 when one was free).", advice: SecondsBuckets);
        _writeDuration = meter.CreateHistogram(
            "newsapi.db.write.duration", "s", "Time a write transaction held the database, from BEGIN to COMMIT or rollback.", advice: SecondsBuckets);
        _writeQueueWait = meter.CreateHistogram(
            "newsapi.db.write_queue.wait", "s", "SQLite: time a write waited for this process's single writer turn before it could begin.", advice: SecondsBuckets);
    }

    // From 0.5 ms: a SQLite write or a cached search takes well under the SDK's default first bucket (5 ms, in ms units).
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    public void OutputCacheHit() => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    public void OutputCacheMiss() => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", "miss"));

    /// <param name="outcome">One of <see cref="CommentOutcomes"/>.</param>
    public void CommentSubmitted(string outcome) => _comments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="limit">The name of the shared limit Redis did not answer for.</param>
    public void LimitFailedOpen(string limit) => _limitFailOpen.Add(1, new KeyValuePair<string, object?>("limit", limit));

    /// <param name="outcome">delivered, retrying, exhausted or disabled.</param>
    public void WebhookAttempted(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void SearchCompleted(TimeSpan elapsed) => _searchDuration.Record(elapsed.TotalSeconds);

    public void SearchQueued(TimeSpan waited) => _searchQueueWait.Record(waited.TotalSeconds);

    public void WriteFinished(DatabaseEngine engine, TimeSpan elapsed, bool committed) => _writeDuration.Record(
        elapsed.TotalSeconds, new KeyValuePair<string, object?>("db.system.name", SystemName(engine)), new KeyValuePair<string, object?>("outcome", committed ? "committed" : "failed"));

    public void WriteTurnTaken(TimeSpan waited) => _writeQueueWait.Record(waited.TotalSeconds);

    /// <summary>The OpenTelemetry semantic-convention name of the engine (<c>db.system.name</c>).</summary>
    public static string SystemName(DatabaseEngine engine) => engine == DatabaseEngine.Postgres ? "postgresql" : "sqlite";
}
