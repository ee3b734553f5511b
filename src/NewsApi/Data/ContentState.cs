using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace NewsApi.Data;

/// <summary>
/// The version of some public content: the highest <c>content_state</c> version among the scopes it depends on, and
/// the latest time one of them changed. Behind ETags, Last-Modified and output-cache keys.
/// </summary>
public sealed record ContentVersion(long Version, DateTime LastModified)
{
    public string ETag => string.Create(CultureInfo.InvariantCulture, $"W/\"{Version}-{LastModified:yyyyMMddHHmmss}\"");
}

/// <summary>
/// Answers, for every public request, the version of the content scopes its answer depends on
/// (<see cref="ContentScope"/>; the triggers of migration 0009 / postgres 0005 move them inside each writing
/// transaction). What it read is kept until the engine's change signal (<see cref="IContentChanges"/>) says a write may
/// have been committed by any connection — this process, another instance, the CLI — and then only the scopes changed
/// since are read again. A scope is read from the database the first time it is asked for, so the start costs nothing
/// however large the archive.
/// </summary>
/// <remarks>
/// A scheduled article becomes public when its time comes, with no write. The first request after that time turns its
/// status into published (<see cref="ContentWriter.PublishDue"/>), a write like any other, so its triggers move the
/// scopes it appears in, on every instance, and the order of versions stays the order of commits.
/// </remarks>
public sealed class ContentState : IDisposable
{
    private const string Baseline = "baseline";

    private readonly Database _database;
    private readonly IContentChanges _changes;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Lock _publishGate = new();
    private readonly Dictionary<string, ContentVersion> _scopes = new(StringComparer.Ordinal);
    private long _generation = long.MinValue;
    private ContentVersion? _global;
    private ContentVersion _baseline = new(0, DateTime.MinValue);
    private long _nextScheduledTicks = DateTimeOffset.MinValue.UtcTicks;
    private DateTime _scheduledSince = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    /// <summary>Watches <paramref name="database"/> with its engine's change signal (<see cref="ChangesOf"/>).</summary>
    public ContentState(Database database, TimeProvider clock, ILoggerFactory? loggers = null)
        : this(database, ChangesOf(database, loggers ?? NullLoggerFactory.Instance), clock, loggers)
    {
    }

    /// <summary>With a change signal of the test's making (one whose listener cannot connect, say). Disposing this disposes it.</summary>
    internal ContentState(Database database, IContentChanges changes, TimeProvider clock, ILoggerFactory? loggers = null)
    {
        _database = database;
        _changes = changes;
        _clock = clock;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<ContentState>();
    }

    /// <summary>The engine's change signal for <paramref name="database"/>.</summary>
    public static IContentChanges ChangesOf(Database database, ILoggerFactory loggers) => database switch
    {
        Sqlite.SqliteDatabase sqlite => new Sqlite.SqliteDataVersion(sqlite),
        Postgres.PostgresDatabase postgres => new Postgres.PostgresContentChanges(postgres, loggers.CreateLogger<Postgres.PostgresContentChanges>()),
        _ => throw new InvalidOperationException($"No content change signal for {database.Engine}."),
    };

    /// <summary>The version of all public content: it moves with every public write.</summary>
    public ContentVersion Current()
    {
        PublishWhatIsDue();
        lock (_gate)
        {
            Refresh();
            return _global!;
        }
    }

    /// <summary>The version of what depends on <paramref name="scopes"/>: the latest of theirs.</summary>
    public ContentVersion Of(IReadOnlyCollection<string> scopes)
    {
        PublishWhatIsDue();
        List<string>? unknown = null;
        lock (_gate)
        {
            Refresh();
            foreach (var scope in scopes)
            {
                if (!_scopes.ContainsKey(scope))
                {
                    (unknown ??= []).Add(scope);
                }
            }
        }

        if (unknown is not null)
        {
            // Read outside the lock, so a request for a scope not seen yet holds up no other request.
            var read = ReadScopes(unknown);
            lock (_gate)
            {
                foreach (var scope in unknown)
                {
                    Remember(scope, read.TryGetValue(scope, out var version) ? version : _baseline);
                }
            }
        }

        lock (_gate)
        {
            var latest = _baseline;
            foreach (var scope in scopes)
            {
                var version = _scopes[scope];
                latest = new ContentVersion(Math.Max(latest.Version, version.Version),
                    version.LastModified > latest.LastModified ? version.LastModified : latest.LastModified);
            }

            return latest;
        }
    }

    /// <summary>
    /// Renews every scope at once, inside the caller's transaction, for a change no trigger sees: a rebuilt search index,
    /// a migration that rewrites stored content. The baseline every scope starts from moves past all of them, so every
    /// cached answer and ETag is renewed on every instance. Does nothing before migration 0009 (postgres 0005) made scopes.
    /// </summary>
    public static void RenewEverything(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction)
    {
        var postgres = SqlDialect.EngineOf(connection) == DatabaseEngine.Postgres;
        var scoped = connection.ExecuteScalar<bool>(postgres
            ? "SELECT to_regclass('content_scopes') IS NOT NULL"
            : "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'content_scopes')", transaction: transaction);
        if (!scoped)
        {
            return;
        }

        var now = postgres ? "date_trunc('second', news_now())" : "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
        connection.Execute($"""
            UPDATE content_state SET version = version + 1, changed_at = {now} WHERE id = 1;
            INSERT INTO content_scopes (scope, version, changed_at)
            SELECT '{Baseline}', version, changed_at FROM content_state WHERE id = 1
            ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
            """, transaction: transaction);
    }

    /// <summary>Test seam: the engine's change signal.</summary>
    internal IContentChanges Changes => _changes;

    // Holding _gate: reads content_state, then the scopes changed since the last read, when a write may have happened.
    private void Refresh()
    {
        // Asked before anything is read: a write committed in between changes the next answer, so it is read again.
        var generation = _changes.Generation();
        if (_global is not null && generation == _generation)
        {
            return;
        }

        using var connection = _database.Open();
        // content_state first: a scope written after it was read has a higher version and is read next time.
        // The first scheduled article not yet turned published, from the time up to which none is left: one seek in the
        // index of scheduled articles (migration 0019 / postgres 0017; SQLite's planner needs the hint). Before it, the
        // publication-order index was walked and each public article's row read for its status: 830,000 page reads at
        // the first call after a start at a million articles.
        var now = Timestamps.ToDb(_clock.GetUtcNow());
        var state = connection.QuerySingle<StateRow>($"""
            SELECT version AS Version, changed_at AS ChangedAt,
                   (SELECT min(a.published_at) FROM articles a{_database.Engine.IndexedBy("ix_articles_scheduled")}
                     WHERE a.status = 'scheduled' AND a.published_at > @Since) AS NextScheduled
            FROM content_state WHERE id = 1
            """, new { Since = _scheduledSince });
        if (state.NextScheduled is null || state.NextScheduled > now)
        {
            // None is due up to now; one scheduled from now on is scheduled after now (the admin API schedules only future times).
            _scheduledSince = now;
        }

        if (_global is null)
        {
            _baseline = connection.QuerySingleOrDefault<ScopeRow>(
                "SELECT scope AS Scope, version AS Version, changed_at AS ChangedAt FROM content_scopes WHERE scope = @Baseline",
                new { Baseline })?.ToVersion() ?? _baseline;
        }
        else
        {
            var changed = connection.Query<ScopeRow>(
                "SELECT scope AS Scope, version AS Version, changed_at AS ChangedAt FROM content_scopes WHERE version > @Seen",
                new { Seen = _global.Version });
            foreach (var row in changed)
            {
                if (row.Scope == Baseline)
                {
                    // Every scope was renewed at once (RenewEverything): what each was read at is now older than this.
                    _baseline = row.ToVersion();
                }
                else
                {
                    Remember(row.Scope, row.ToVersion());
                }
            }
        }

        _global = new ContentVersion(state.Version, state.ChangedAt);
        _generation = generation;
        Interlocked.Exchange(ref _nextScheduledTicks, state.NextScheduled is { } next
            ? new DateTimeOffset(next, TimeSpan.Zero).UtcTicks
            : DateTimeOffset.MaxValue.UtcTicks);
    }

    // Holding _gate. Two readers may bring the same scope: the later version wins.
    private void Remember(string scope, ContentVersion version)
    {
        if (!_scopes.TryGetValue(scope, out var known) || known.Version < version.Version)
        {
            _scopes[scope] = version;
        }
    }

    private Dictionary<string, ContentVersion> ReadScopes(List<string> scopes)
    {
        using var connection = _database.Open();
        return connection.Query<ScopeRow>(
                $"SELECT scope AS Scope, version AS Version, changed_at AS ChangedAt FROM content_scopes WHERE {_database.Engine.InTextList("scope", "@Scopes")}",
                new { Scopes = _database.Engine.TextList(scopes) })
            .ToDictionary(row => row.Scope, row => row.ToVersion(), StringComparer.Ordinal);
    }

    private void PublishWhatIsDue()
    {
        var now = _clock.GetUtcNow();
        if (now.UtcTicks < Interlocked.Read(ref _nextScheduledTicks))
        {
            return;
        }

        // One request publishes; the others wait for it rather than answer from scopes it is about to move.
        lock (_publishGate)
        {
            if (now.UtcTicks < Interlocked.Read(ref _nextScheduledTicks))
            {
                return;
            }

            try
            {
                _database.Write(write => new ContentWriter(write.Connection, write.Transaction, Timestamps.ToDb(now)).PublishDue());
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // Answers go on from the scopes as they are; the next request tries again.
                _logger.LogWarning(exception, "Publishing the scheduled articles whose time has come failed.");
                return;
            }

            // Read again whatever the change signal says: the next scheduled time is part of what is read.
            lock (_gate)
            {
                _generation = long.MinValue;
                Refresh();
            }
        }
    }

    public void Dispose() => _changes.Dispose();

    private sealed class StateRow
    {
        public long Version { get; init; }

        public DateTime ChangedAt { get; init; }

        public DateTime? NextScheduled { get; init; }
    }

    private sealed class ScopeRow
    {
        public string Scope { get; init; } = "";

        public long Version { get; init; }

        public DateTime ChangedAt { get; init; }

        public ContentVersion ToVersion() => new(Version, ChangedAt);
    }
}
