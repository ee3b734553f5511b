using System.Globalization;
using Dapper;
using System.Data.Common;

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
/// Answers <see cref="Current"/> for every public request, so it is cached: a dedicated connection asks SQLite's
/// <c>PRAGMA data_version</c>, which changes whenever any other connection (this process or another, such as the
/// CLI importing) commits; and the cache also ends when the next scheduled article's time comes.
/// </summary>
public sealed class ContentState(Database database, TimeProvider clock) : IDisposable
{
    private readonly Lock _gate = new();
    private DbConnection? _watcher;
    private DbCommand? _dataVersionQuery;
    private long _dataVersion = long.MinValue;
    private ContentVersion? _cached;
    private DateTimeOffset _validUntil = DateTimeOffset.MinValue;

    public ContentVersion Current()
    {
        lock (_gate)
        {
            try
            {
                return Read();
            }
            catch
            {
                // A watcher that failed to open or prepare, or broke (closed, I/O error), is dropped so the next call
                // opens a fresh one: kept, it would fail every public request until the process restarts.
                CloseWatcher();
                throw;
            }
        }
    }

    private ContentVersion Read()
    {
        if (_dataVersionQuery is null)
        {
            var watcher = database.Open();
            try
            {
                // One command kept prepared: this runs on every public request, cache hits included.
                var query = watcher.CreateCommand();
                query.CommandText = "PRAGMA data_version";
                query.Prepare();
                (_watcher, _dataVersionQuery) = (watcher, query);
            }
            catch
            {
                watcher.Dispose();
                throw;
            }
        }

        var dataVersion = (long)_dataVersionQuery.ExecuteScalar()!;
        var now = clock.GetUtcNow();
        if (_cached is not null && dataVersion == _dataVersion && now < _validUntil)
        {
            return _cached;
        }

        const string sql = $"""
            SELECT version AS Version,
                   changed_at AS ChangedAt,
                   (SELECT a.published_at FROM articles a INDEXED BY ix_articles_public_order WHERE {Articles.PublicArticles.IsPublic}
                     ORDER BY a.published_at DESC LIMIT 1) AS NewestVisible,
                   (SELECT min(a.published_at) FROM articles a
                     WHERE a.status IN ('published', 'scheduled') AND a.published_at > @Now) AS NextScheduled
            FROM content_state
            WHERE id = 1
            """;
        var row = _watcher!.QuerySingle<Row>(sql, new { Now = Timestamps.ToDb(now) });
        var changed = row.ChangedAt;
        var newest = row.NewestVisible ?? DateTime.MinValue;
        _cached = new ContentVersion(row.Version, changed > newest ? changed : newest);
        _dataVersion = dataVersion;
        _validUntil = row.NextScheduled is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : DateTimeOffset.MaxValue;
        return _cached;
    }

    /// <summary>Test seam: the watcher connection, so a test can break it as a failing disk or a closed handle would.</summary>
    internal DbConnection? Watcher => _watcher;

    public void Dispose()
    {
        lock (_gate)
        {
            CloseWatcher();
        }
    }

    private void CloseWatcher()
    {
        _dataVersionQuery?.Dispose();
        _dataVersionQuery = null;
        _watcher?.Dispose();
        _watcher = null;
    }

    private sealed class Row
    {
        public long Version { get; init; }

        public DateTime ChangedAt { get; init; }

        public DateTime? NewestVisible { get; init; }

        public DateTime? NextScheduled { get; init; }
    }
}
