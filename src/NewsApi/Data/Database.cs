using System.Data.Common;
using System.Diagnostics;
using Dapper;
using NewsApi.Observability;

namespace NewsApi.Data;

/// <summary>The storage engines NewsApi runs on (NewsApi:Database:Provider).</summary>
public enum DatabaseEngine
{
    /// <summary>One embedded file, one process: the default, with nothing to set up.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (15 or later), shared by any number of instances.</summary>
    Postgres,
}

/// <summary>
/// Where every store gets its connections and write transactions. SQL that is the same on both engines is written
/// once against <see cref="DbConnection"/>; what truly differs (pragmas, write queuing, retries, the clock the
/// triggers read) is in the engine's subclass.
/// </summary>
public abstract class Database : IDisposable
{
    static Database() => DbTimestamps.Register();

    public abstract DatabaseEngine Engine { get; }

    /// <summary>A connection to the primary database: for writes, admin reads and reads that must see a write just made.</summary>
    public abstract DbConnection Open();

    /// <summary>
    /// A connection for public reads: the read-only replica when one is configured (ConnectionStrings:NewsReadOnly),
    /// else the primary. A replica can lag the primary, so nothing that must see its own write reads here.
    /// </summary>
    public virtual DbConnection OpenPublicRead() => Open();

    /// <summary>
    /// Opens a write transaction once this process may write: on SQLite, writers queue asynchronously here (left to
    /// SQLite's busy handler, each waiting writer would hold a thread while it sleeps); on PostgreSQL there is no queue,
    /// the server's row locks and unique constraints order concurrent writers.
    /// </summary>
    public abstract Task<WriteScope> BeginWriteAsync(CancellationToken cancellation);

    /// <summary><see cref="BeginWriteAsync"/> waited for on the calling thread: for the editorial API and background indexing.</summary>
    public abstract WriteScope BeginWrite();

    /// <summary>A write transaction only if no one is writing now, else null: for work a reader's request may do on the way.</summary>
    public abstract WriteScope? TryBeginWrite();

    /// <summary>How many times a write is tried in all when the engine reports a serialization failure or deadlock.</summary>
    public const int WriteAttempts = 4;

    /// <summary>
    /// Runs <paramref name="body"/> in a write transaction and commits it. When the engine aborts the transaction as a
    /// serialization failure or deadlock (PostgreSQL's 40001 and 40P01, which say "try again", not "wrong"), the whole
    /// body runs again in a new transaction, up to <see cref="WriteAttempts"/> times with a short random pause; after
    /// that the failure goes up and the client gets a 503 with Retry-After.
    /// </summary>
    public T Write<T>(Func<WriteScope, T> body)
    {
        using var activity = StartWriteActivity();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var write = BeginWrite();
                    return Run(write, body, activity, attempt);
                }
                catch (DbException exception) when (attempt < WriteAttempts && IsTransient(exception))
                {
                    Thread.Sleep(RetryPause(attempt));
                }
            }
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw; // never reached: the filter only marks the span
        }
    }

    /// <summary><see cref="Write{T}"/> for bodies with no result.</summary>
    public void Write(Action<WriteScope> body) => Write(write =>
    {
        body(write);
        return true;
    });

    /// <summary>
    /// <see cref="Write{T}"/> with the wait for the write turn, the body and the commit all asynchronous (the public's
    /// writes: comments). On PostgreSQL no thread is held while a statement or the commit's WAL flush is on the server;
    /// on SQLite the provider's asynchronous calls complete synchronously, so it is the same work as <see cref="Write{T}"/>
    /// after an asynchronous wait for the turn. One retry loop for both engines.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> body, CancellationToken cancellation)
    {
        using var activity = StartWriteActivity();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var write = await BeginWriteAsync(cancellation);
                    var timing = WriteTiming.Start(activity, attempt);
                    try
                    {
                        var result = await body(write);
                        // Not cancelled once the body is done: the transaction either commits or not, as the server says.
                        await write.CommitAsync();
                        timing.Committed = true;
                        return result;
                    }
                    finally
                    {
                        timing.Finish(this);
                    }
                }
                catch (DbException exception) when (attempt < WriteAttempts && IsTransient(exception))
                {
                    await Task.Delay(RetryPause(attempt), cancellation);
                }
            }
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw; // never reached: the filter only marks the span
        }
    }

    /// <summary>
    /// Where write durations and spans are recorded (<c>newsapi.db.write.duration</c>, the "database write" span of the
    /// NewsApi activity source). Null records nothing: a database opened by a test or a tool on its own.
    /// </summary>
    public NewsApiMetrics? Metrics { get; init; }

    // One span per write, around the wait for the turn, every attempt and the commit, so Npgsql's command spans
    // (PostgreSQL) nest under it and the SQLite writer queue's wait shows as its newsapi.write_queue.wait_ms tag.
    private Activity? StartWriteActivity()
    {
        var activity = NewsApiMetrics.Activities.StartActivity("database write", ActivityKind.Internal);
        activity?.SetTag("db.system.name", NewsApiMetrics.SystemName(Engine));
        return activity;
    }

    // The body and the commit of one attempt, timed from the moment the transaction began (the wait for it is not
    // the write's own time: SQLite records that as newsapi.db.write_queue.wait).
    private T Run<T>(WriteScope write, Func<WriteScope, T> body, Activity? activity, int attempt)
    {
        var timing = WriteTiming.Start(activity, attempt);
        try
        {
            var result = body(write);
            write.Commit();
            timing.Committed = true;
            return result;
        }
        finally
        {
            timing.Finish(this);
        }
    }

    /// <summary>One attempt's duration and outcome, for <c>newsapi.db.write.duration</c>.</summary>
    private sealed class WriteTiming
    {
        private readonly long _began = Stopwatch.GetTimestamp();

        public bool Committed { get; set; }

        public static WriteTiming Start(Activity? activity, int attempt)
        {
            activity?.SetTag("newsapi.write.attempts", attempt);
            return new WriteTiming();
        }

        public void Finish(Database database) => database.Metrics?.WriteFinished(database.Engine, Stopwatch.GetElapsedTime(_began), Committed);
    }

    private static bool Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        return false;
    }

    /// <summary>One statement on its own in a write transaction; returns the rows it changed.</summary>
    public int ExecuteWrite(string sql, object parameters) => Write(write => write.Connection.Execute(sql, parameters, write.Transaction));

    /// <summary>Whether the engine aborted a transaction that may succeed as it is when run again.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is Npgsql.PostgresException { SqlState: "40001" or "40P01" };

    private static TimeSpan RetryPause(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt);

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}

/// <summary>A write transaction (holding this process's writer turn on SQLite); disposing it rolls back unless committed.</summary>
/// <param name="release">Passes the writer turn on (SQLite), whatever happens.</param>
/// <param name="committed">Told once the transaction has committed, unless <see cref="MovesNoContentVersion"/> was called.</param>
public sealed class WriteScope(DbConnection connection, DbTransaction transaction, Action? release = null, Action? committed = null) : IDisposable, IAsyncDisposable
{
    private bool _movesNoContentVersion;

    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    /// <summary>
    /// Says that this transaction moves no content version (no trigger of it touches <c>content_state</c>: a pending
    /// comment, say), so its commit need not be announced: on PostgreSQL every announced commit makes the next public
    /// request read the version row again, one query per comment submitted.
    /// </summary>
    public void MovesNoContentVersion() => _movesNoContentVersion = true;

    public void Commit()
    {
        transaction.Commit();
        Committed();
    }

    /// <summary><see cref="Commit"/> without holding a thread while the server flushes the commit.</summary>
    public async Task CommitAsync()
    {
        await transaction.CommitAsync(CancellationToken.None);
        Committed();
    }

    private void Committed()
    {
        if (!_movesNoContentVersion)
        {
            committed?.Invoke();
        }
    }

    private int _disposed;

    public void Dispose()
    {
        // Exactly once, and the turn is passed on whatever the rollback or close throws (a failed COMMIT can leave
        // a ROLLBACK that fails too): a turn never given back would stop every later write of the process.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            transaction.Dispose();
        }
        finally
        {
            try
            {
                connection.Dispose();
            }
            finally
            {
                release?.Invoke();
            }
        }
    }

    /// <summary><see cref="Dispose"/>, with the rollback of an uncommitted transaction awaited rather than waited for.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            try
            {
                await connection.DisposeAsync();
            }
            finally
            {
                release?.Invoke();
            }
        }
    }
}
