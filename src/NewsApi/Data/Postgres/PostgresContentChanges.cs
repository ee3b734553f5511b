using Npgsql;

namespace NewsApi.Data.Postgres;

/// <summary>
/// PostgreSQL's change signal: a dedicated connection LISTENs on <see cref="Channel"/>, which the trigger on
/// content_state (db/migrations/postgres/0004) notifies when a transaction that moved the content version commits,
/// whoever committed it (this instance, another one, the CLI, psql). Each notification moves <see cref="Generation"/>.
/// </summary>
/// <remarks>
/// While that connection is down (the server restarting, the network broken) notifications are lost, so
/// <see cref="Generation"/> moves at most every <see cref="PollInterval"/> instead, and the caller re-reads the version
/// row: a change is then seen within that bound. The listener reconnects in the background, and on every break and
/// reconnection it empties the connection pools, whose connections died with the old server session.
/// </remarks>
public sealed class PostgresContentChanges : IContentChanges
{
    /// <summary>The NOTIFY channel of db/migrations/postgres/0004.</summary>
    public const string Channel = "newsapi_content";

    /// <summary>The application_name of the listening connection, to recognise it in pg_stat_activity.</summary>
    public const string ListenerName = "NewsApi content listener";

    /// <summary>While no one listens: how stale the content version may be at most, and how often reconnecting is tried.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the listener waits for a notification before it checks the connection with a query: a network that
    /// drops packets reports no error by itself, and until the check fails the content version would not move.
    /// </summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);

    private readonly PostgresDatabase _database;
    private readonly string _listenConnectionString;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;
    private long _generation;
    private long _lastPoll; // Environment.TickCount64 of the last forced re-read; 0 (boot) lets the first one through
    private volatile bool _isListening;

    public PostgresContentChanges(PostgresDatabase database, ILogger<PostgresContentChanges> logger)
        : this(database, database.ConnectionString, logger)
    {
    }

    /// <param name="database">Whose pools are emptied when the server went away.</param>
    /// <param name="listenConnectionString">Where to listen: the primary's (tests give one that cannot connect).</param>
    /// <param name="logger">Says when listening stops and starts again.</param>
    internal PostgresContentChanges(PostgresDatabase database, string listenConnectionString, ILogger logger)
    {
        _database = database;
        database.Committed += () => Interlocked.Increment(ref _generation);
        // Not pooled: the connection is held for the life of the process, and a LISTEN must never reach a pooled
        // connection that a request gets next.
        _listenConnectionString = new NpgsqlConnectionStringBuilder(listenConnectionString)
        {
            Pooling = false,
            ApplicationName = ListenerName,
        }.ConnectionString;
        _logger = logger;
        _listening = Task.Run(() => ListenAsync(_stop.Token));
    }

    /// <summary>Whether notifications are arriving now (false until the first LISTEN, and while reconnecting).</summary>
    public bool IsListening => _isListening;

    public long Generation()
    {
        if (!_isListening)
        {
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref _lastPoll);
            if (now - last >= (long)PollInterval.TotalMilliseconds && Interlocked.CompareExchange(ref _lastPoll, now, last) == last)
            {
                Interlocked.Increment(ref _generation);
            }
        }

        return Interlocked.Read(ref _generation);
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var wasListening = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_listenConnectionString);
                await connection.OpenAsync(stop);
                connection.Notification += (_, _) => Interlocked.Increment(ref _generation);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }

                // Connections pooled before a break were to a server session that is gone; and whatever was committed
                // while no one listened is read once now.
                _database.ClearPools();
                _isListening = true;
                Interlocked.Increment(ref _generation);
                if (wasListening)
                {
                    _logger.LogInformation("Listening for content changes again");
                }

                wasListening = true;
                while (true)
                {
                    if (!await connection.WaitAsync(PingInterval, stop))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = (int)PingInterval.TotalSeconds };
                        await ping.ExecuteScalarAsync(stop);
                    }
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever broke it, listening must start again: a listener that stopped for good would leave the
                // content version to the poll alone, and say nothing.
                if (_isListening)
                {
                    _isListening = false;
                    Interlocked.Increment(ref _generation);
                    _database.ClearPools();
                    _logger.LogWarning(exception, "Stopped listening for content changes; polling every {Interval} until reconnected", PollInterval);
                }
            }

            try
            {
                await Task.Delay(PollInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            // Bounded: the listener's own waits all take the token, but a connection attempt may run its timeout out.
            _listening.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // It failed in a way already logged or unforeseen; the process is shutting the listener down either way.
        }

        _stop.Dispose();
    }
}
