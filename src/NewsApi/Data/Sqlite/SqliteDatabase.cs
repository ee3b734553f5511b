using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsApi.Text;

namespace NewsApi.Data.Sqlite;

/// <summary>Opens SQLite connections with the pragmas every connection must have, and queues this process's writers.</summary>
public sealed class SqliteDatabase : Database
{
    /// <summary>SQLite's own ceiling for max_page_count: what "no cap" sets on a pooled connection that had one.</summary>
    private const long NoPageCap = 4_294_967_294;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Func<long> _maxPageCount;
    private readonly TimeProvider _clock;

    /// <param name="connectionString">The SQLite connection string.</param>
    /// <param name="synchronous">FULL or NORMAL.</param>
    /// <param name="maxPageCount">
    /// The page cap (0: none), asked on every <see cref="Open"/>: max_page_count belongs to a connection, not to the file,
    /// so reading it each time lets an operator raise it on a running server (pooled connections included).
    /// </param>
    /// <param name="clock">The application's clock, as <c>news_now()</c> to SQL (see <see cref="RegisterSearchFunctions"/>).</param>
    public SqliteDatabase(string connectionString, string synchronous, Func<long>? maxPageCount = null, TimeProvider? clock = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        Synchronous = synchronous.ToUpperInvariant() switch
        {
            "FULL" => "FULL",
            "NORMAL" => "NORMAL",
            _ => throw new InvalidOperationException($"NewsApi:Database:Synchronous must be FULL or NORMAL, not '{synchronous}'."),
        };
        // FULL by default: an acknowledged write survives power loss. The busy timeout lets writers queue for
        // each other instead of surfacing SQLITE_BUSY to a client.
        _pragmas = $"PRAGMA synchronous = {Synchronous}; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY;";
        _maxPageCount = maxPageCount ?? (static () => 0);
        _clock = clock ?? TimeProvider.System;
    }

    public override DatabaseEngine Engine => DatabaseEngine.Sqlite;

    public string DataSource { get; }

    public string Synchronous { get; }

    public override SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        var cap = _maxPageCount();
        command.CommandText = $"{_pragmas} PRAGMA max_page_count = {(cap > 0 ? cap : NoPageCap)};";
        command.ExecuteNonQuery();
        RegisterSearchFunctions(connection);
        // The triggers that move public validators (migration 0008) ask whether an article is public now, as the
        // application does (PublicArticles.IsPublic with @Now): by the same clock, so both agree on a scheduled article.
        connection.CreateFunction("news_now", () => Timestamps.ToText(_clock.GetUtcNow()), isDeterministic: false);
        return connection;
    }

    /// <summary>
    /// Opens a connection and begins an IMMEDIATE transaction once no other request of this process is writing.
    /// Writers queue here asynchronously: left to SQLite's busy handler, each waiting writer would hold a thread
    /// while it sleeps and retries, starving the thread pool that readers need, and wake in no particular order.
    /// Comment submissions, the one write the public can send at volume, come this way.
    /// </summary>
    public override async Task<WriteScope> BeginWriteAsync(CancellationToken cancellation)
    {
        var queued = Stopwatch.GetTimestamp();
        await _writer.WaitAsync(cancellation);
        TurnTaken(queued);
        return OpenWrite();
    }

    /// <summary>
    /// <see cref="BeginWriteAsync"/> for the editorial API and background indexing: the same queue, so every write of
    /// this process takes its turn and none meets SQLite's lock, but waited for on the calling thread (these writes
    /// are few, and their stores are synchronous like every Microsoft.Data.Sqlite call).
    /// </summary>
    public override WriteScope BeginWrite()
    {
        var queued = Stopwatch.GetTimestamp();
        _writer.Wait();
        TurnTaken(queued);
        return OpenWrite();
    }

    /// <summary>
    /// <see cref="BeginWrite"/> only if no one is writing now, else null: for work a reader's request may do on the
    /// way but must not queue behind writers for.
    /// </summary>
    public override WriteScope? TryBeginWrite() => _writer.Wait(0) ? OpenWrite() : null;

    /// <summary>
    /// Records how long a writer queued for its turn (<c>newsapi.db.write_queue.wait</c>, and on the write's span): the
    /// cost of SQLite's single writer, which grows with the rate of comments before anything else slows down.
    /// </summary>
    private void TurnTaken(long queued)
    {
        var waited = Stopwatch.GetElapsedTime(queued);
        Metrics?.WriteTurnTaken(waited);
        Activity.Current?.SetTag("newsapi.write_queue.wait_ms", waited.TotalMilliseconds);
    }

    /// <summary>Opens the write transaction of a turn already taken; gives the turn back if it cannot.</summary>
    private WriteScope OpenWrite()
    {
        SqliteConnection? connection = null;
        try
        {
            connection = Open();
            return new WriteScope(connection, connection.BeginTransaction(deferred: false), () => _writer.Release());
        }
        catch
        {
            connection?.Dispose();
            _writer.Release();
            throw;
        }
    }

    public override void Dispose()
    {
        _writer.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// The Arabic normalisation of search as SQL functions. The search index triggers (migration 0002) call them,
    /// so every connection that writes articles or tags must have them: a connection opened anywhere else (the
    /// sqlite3 shell, say) can read but gets "no such function: news_normalize" when it writes articles.
    /// </summary>
    public static void RegisterSearchFunctions(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction<string?, string>("news_normalize", SearchWords.IndexForm, isDeterministic: true);
        connection.CreateFunction<string?, string>("news_stem", SearchWords.StemForm, isDeterministic: true);
        // The prefix keys of search suggestions (migration 0016).
        connection.CreateFunction<string?, string>("news_suggestion_keys", Search.SuggestionKeys.AsJson, isDeterministic: true);
        // The plain text of an article's body for the search index (migration 0017): see StoredBody.
        connection.CreateFunction<byte[]?, string?, string>("news_body_text", StoredBody.Text, isDeterministic: true);
        // Relevance: bm25 with each phrase's document count given rather than counted on every search.
        Search.Fts5Bm25.Register(connection);
    }

    /// <summary>Creates the database file's folder and switches the file to WAL, which persists in the file.</summary>
    public void Prepare()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory) && DataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}
