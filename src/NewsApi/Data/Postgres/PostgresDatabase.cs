using System.Data;
using System.Data.Common;
using Npgsql;

namespace NewsApi.Data.Postgres;

/// <summary>
/// Connections to PostgreSQL from pooled data sources: the primary (ConnectionStrings:News) and, when configured, a
/// read-only replica for public reads (ConnectionStrings:NewsReadOnly). No writer queue: concurrent writers are ordered
/// by the server's row locks and unique constraints, and <see cref="Database.Write{T}"/> retries the ones it aborts.
/// </summary>
public sealed class PostgresDatabase : Database
{
    private readonly NpgsqlDataSource _primary;
    private readonly NpgsqlDataSource? _replica;
    private readonly TimeProvider _clock;

    /// <param name="connectionString">Npgsql connection string of the primary.</param>
    /// <param name="readOnlyConnectionString">Of a streaming replica for public reads, or null.</param>
    /// <param name="clock">
    /// The application's clock. When it is not the system clock (tests move it), every write transaction hands it to
    /// the server as <c>newsapi.now</c>, which <c>news_now()</c> reads, so the triggers that decide whether an article
    /// is public agree with the application on a scheduled article.
    /// </param>
    public PostgresDatabase(string connectionString, string? readOnlyConnectionString = null, TimeProvider? clock = null)
    {
        ConnectionString = WithDefaults(connectionString);
        _primary = NpgsqlDataSource.Create(ConnectionString);
        _replica = string.IsNullOrWhiteSpace(readOnlyConnectionString) ? null : NpgsqlDataSource.Create(WithDefaults(readOnlyConnectionString));
        _clock = clock ?? TimeProvider.System;
        KeepThreadsForConnections(new NpgsqlConnectionStringBuilder(ConnectionString).MaxPoolSize);
    }

    /// <summary>
    /// Stores call Npgsql synchronously (one code path for both engines, and Microsoft.Data.Sqlite has no real async),
    /// so a request holds its thread-pool thread while it waits for the server. The pool starts with one thread per core
    /// and adds about two a second when they are all blocked: 32 concurrent requests on a 2-core machine queued for
    /// seconds behind the ramp, and every answer — cached ones too — waited with them. So the pool's floor is raised
    /// to the number of connections that can be busy at once, one thread for each; blocked threads cost memory, not CPU.
    /// </summary>
    private static void KeepThreadsForConnections(int maxPoolSize)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < maxPoolSize)
        {
            ThreadPool.SetMinThreads(maxPoolSize, completionPorts);
        }
    }

    public override DatabaseEngine Engine => DatabaseEngine.Postgres;

    public string ConnectionString { get; }

    public override NpgsqlConnection Open() => _primary.OpenConnection();

    public override DbConnection OpenPublicRead() => (_replica ?? _primary).OpenConnection();

    public override async Task<WriteScope> BeginWriteAsync(CancellationToken cancellation)
    {
        var connection = await _primary.OpenConnectionAsync(cancellation);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellation);
            await using (var command = ClockCommand(connection, transaction))
            {
                if (command is not null)
                {
                    await command.ExecuteNonQueryAsync(cancellation);
                }
            }

            return new WriteScope(connection, transaction, committed: OnCommitted);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override WriteScope BeginWrite()
    {
        var connection = _primary.OpenConnection();
        try
        {
            var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
            using (var command = ClockCommand(connection, transaction))
            {
                command?.ExecuteNonQuery();
            }

            return new WriteScope(connection, transaction, committed: OnCommitted);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Never refused: PostgreSQL has no single writer to wait for.</summary>
    public override WriteScope? TryBeginWrite() => BeginWrite();

    /// <summary>Sets <c>newsapi.now</c> for this transaction only, or null when the clock is the server's.</summary>
    private NpgsqlCommand? ClockCommand(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        if (ReferenceEquals(_clock, TimeProvider.System))
        {
            return null;
        }

        var command = new NpgsqlCommand("SELECT set_config('newsapi.now', @now, true)", connection, transaction);
        command.Parameters.AddWithValue("now", Timestamps.ToText(_clock.GetUtcNow()));
        return command;
    }

    /// <summary>Seconds to wait for a connection (the pool's or a new one) when the connection string does not say.</summary>
    public const int DefaultTimeoutSeconds = 5;

    /// <summary>Seconds a command may run when the connection string does not say (Npgsql's own default).</summary>
    public const int DefaultCommandTimeoutSeconds = 30;

    /// <summary>Statements a pooled connection keeps prepared when the connection string does not say (Npgsql's Max Auto Prepare).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The connection string with this service's defaults where it names none. Timeouts: an unreachable server or an
    /// exhausted pool answers 503 within <see cref="DefaultTimeoutSeconds"/> rather than Npgsql's 15, and a stuck query
    /// fails rather than holding the request. Automatic preparation: every store runs a few fixed SQL texts, and
    /// parsing and planning them again on each call was half of the server's CPU for a list page or a comment (the
    /// public article lookup alone, 0.7 ms of planning, runs twice per comment); a statement run twice on a
    /// connection is prepared there and kept across the pool's reuse of it. No reset on close: a connection taken from
    /// the pool otherwise runs seven statements first (<c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *;
    /// pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>), as many as an uncached article's own reads, for
    /// session state this service never leaves on a pooled connection: settings are <c>SET LOCAL</c> or
    /// <c>set_config(..., true)</c> (transaction-scoped), the two session advisory locks (migrations, the preview key
    /// ring) are released in <c>finally</c>, and LISTEN has its own unpooled connection. An open transaction is still
    /// rolled back when a connection returns to the pool.
    /// </summary>
    internal static string WithDefaults(string connectionString)
    {
        // The generic builder holds only the keywords the string names, so it tells "not given" from "given as the default".
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        bool Given(params string[] spellings) => spellings.Any(given.ContainsKey);
        if (!Given("Timeout"))
        {
            builder.Timeout = DefaultTimeoutSeconds;
        }

        if (!Given("Command Timeout", "CommandTimeout"))
        {
            builder.CommandTimeout = DefaultCommandTimeoutSeconds;
        }

        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Given("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Closes every idle pooled connection, and each busy one when it is returned: after the server restarted they all
    /// belong to sessions that no longer exist, and each would fail the first request it served.
    /// </summary>
    public void ClearPools()
    {
        _primary.Clear();
        _replica?.Clear();
    }

    /// <summary>
    /// Raised when a write transaction of this process has committed. Other connections' commits arrive as
    /// notifications a moment later; this lets the content version follow this process's own writes at once, so a
    /// client that wrote and then reads never gets the answer cached before its write.
    /// </summary>
    public event Action? Committed;

    private void OnCommitted() => Committed?.Invoke();

    public override void Dispose()
    {
        _primary.Dispose();
        _replica?.Dispose();
        base.Dispose();
    }
}
