using System.Globalization;
using Dapper;

namespace NewsApi.Data;

/// <summary>
/// What every public representation depends on: the content version (moved on by triggers at every write)
/// and the newest publication time that has come. The second changes without any write when a scheduled
/// article's time arrives, so both go into validators.
/// </summary>
public sealed record ContentVersion(long Version, DateTime LastModified)
{
    public string ETag => string.Create(CultureInfo.InvariantCulture, $"W/\"{Version}-{LastModified:yyyyMMddHHmmss}\"");
}

/// <summary>
/// Answers <see cref="Current"/> for every public request, so it is cached: until the engine's change signal
/// (<see cref="IContentChanges"/>) says a write may have been committed by any connection, or the next scheduled
/// article's time comes. Reading the version itself is the same on both engines.
/// </summary>
public sealed class ContentState : IDisposable
{
    private readonly Database _database;
    private readonly IContentChanges _changes;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private long _generation = long.MinValue;
    private ContentVersion? _cached;
    private DateTimeOffset _validUntil = DateTimeOffset.MinValue;

    /// <summary>Watches <paramref name="database"/> with its engine's change signal (<see cref="ChangesOf"/>).</summary>
    public ContentState(Database database, TimeProvider clock, ILoggerFactory? loggers = null)
        : this(database, ChangesOf(database, loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance), clock)
    {
    }

    /// <summary>With a change signal of the test's making (one whose listener cannot connect, say). Disposing this disposes it.</summary>
    internal ContentState(Database database, IContentChanges changes, TimeProvider clock)
    {
        _database = database;
        _changes = changes;
        _clock = clock;
    }

    /// <summary>The engine's change signal for <paramref name="database"/>.</summary>
    public static IContentChanges ChangesOf(Database database, ILoggerFactory loggers) => database switch
    {
        Sqlite.SqliteDatabase sqlite => new Sqlite.SqliteDataVersion(sqlite),
        Postgres.PostgresDatabase postgres => new Postgres.PostgresContentChanges(postgres, loggers.CreateLogger<Postgres.PostgresContentChanges>()),
        _ => throw new InvalidOperationException($"No content change signal for {database.Engine}."),
    };

    public ContentVersion Current()
    {
        lock (_gate)
        {
            // Asked before the row is read: a write committed in between changes the next answer, so it is read again.
            var generation = _changes.Generation();
            var now = _clock.GetUtcNow();
            if (_cached is not null && generation == _generation && now < _validUntil)
            {
                return _cached;
            }

            var row = Read(now);
            var changed = row.ChangedAt;
            var newest = row.NewestVisible ?? DateTime.MinValue;
            _cached = new ContentVersion(row.Version, changed > newest ? changed : newest);
            _generation = generation;
            _validUntil = row.NextScheduled is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : DateTimeOffset.MaxValue;
            return _cached;
        }
    }

    /// <summary>Test seam: the engine's change signal.</summary>
    internal IContentChanges Changes => _changes;

    private Row Read(DateTimeOffset now)
    {
        // From the primary, where the change signal watches: a replica may not have the write yet.
        using var connection = _database.Open();
        var sql = $"""
            SELECT version AS Version,
                   changed_at AS ChangedAt,
                   (SELECT a.published_at FROM articles a {PublicOrderHint} WHERE {Articles.PublicArticles.IsPublic}
                     ORDER BY a.published_at DESC LIMIT 1) AS NewestVisible,
                   (SELECT min(a.published_at) FROM articles a
                     WHERE a.status IN ('published', 'scheduled') AND a.published_at > @Now) AS NextScheduled
            FROM content_state
            WHERE id = 1
            """;
        return connection.QuerySingle<Row>(sql, new { Now = Timestamps.ToDb(now) });
    }

    // SQLite's planner may otherwise walk the whole table for the newest public article; PostgreSQL's needs no hint.
    private string PublicOrderHint => _database.Engine == DatabaseEngine.Sqlite ? "INDEXED BY ix_articles_public_order" : "";

    public void Dispose() => _changes.Dispose();

    private sealed class Row
    {
        public long Version { get; init; }

        public DateTime ChangedAt { get; init; }

        public DateTime? NewestVisible { get; init; }

        public DateTime? NextScheduled { get; init; }
    }
}
