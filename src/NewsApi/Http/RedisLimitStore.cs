using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using NewsApi.Data;
using NewsApi.Observability;
using StackExchange.Redis;

namespace NewsApi.Http;

/// <summary>
/// The counters of the limits that every instance shares, in the Redis of <c>ConnectionStrings:Redis</c>. Each check
/// is one Lua script, so the read, the count and the expiry happen atomically on the server however many instances ask
/// at once. Keys are <c>{prefix}{limit}:{hash}</c> and expire with their window or interval; the hash is an
/// HMAC-SHA256, under a key derived from the <see cref="DeploymentSecret"/>, of who is limited (a client address, an
/// e-mail and address pair), so Redis holds no e-mail or address in clear. A plain SHA-256 would not do: e-mail
/// addresses are guessable, and anyone who can read Redis could hash a list of them and compare; the secret lives in
/// the database, not in Redis, and is the same on every instance of the deployment, as the counting needs.
/// <para>
/// When Redis does not answer (down, unreachable, slower than the timeouts), the check lets the request through
/// (fails open), counts it on <c>newsapi.ratelimit.failopen</c> and logs a warning at most every 30 seconds. The
/// connection fails fast rather than queueing commands while disconnected, and reconnects by itself.
/// </para>
/// </summary>
public sealed class RedisLimitStore : IDisposable
{
    /// <summary>What the connection string gets unless it says otherwise: no check may hold a request for long.</summary>
    public const string DefaultOptions = "abortConnect=false,connectTimeout=250,syncTimeout=250,asyncTimeout=250";

    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    // A fixed window: the first request of a window creates the counter with the window as its lifetime. Answers -1 when
    // the request may go on, otherwise the milliseconds until the window ends.
    private const string WindowScript = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          ttl = tonumber(ARGV[2])
        end
        if count > tonumber(ARGV[1]) then
          return ttl
        end
        return -1
        """;

    // A pass that belongs to its owner for the interval: another owner waits it out, the same owner passes again and
    // starts the interval afresh. Answers -1 when the owner may go on, otherwise the milliseconds left.
    private const string PassScript = """
        local owner = redis.call('GET', KEYS[1])
        if owner and owner ~= ARGV[1] then
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl > 0 then
            return ttl
          end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return -1
        """;

    // Only the owner's own pass is given back: a later submission's pass stays.
    private const string GiveBackScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly ConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly Lazy<byte[]> _hashKey;
    private readonly NewsApiMetrics _metrics;
    private readonly ILogger<RedisLimitStore> _logger;
    private long _lastWarning;
    private long _unwarned;

    public RedisLimitStore(string connectionString, string keyPrefix, DeploymentSecret secret, NewsApiMetrics metrics, ILogger<RedisLimitStore> logger)
    {
        _prefix = keyPrefix;
        _logger = logger;
        _hashKey = new(() => secret.Derive("newsapi:limits"), LazyThreadSafetyMode.PublicationOnly);
        _metrics = metrics;

        // Settings later in the string win, so an operator's own timeouts replace these defaults.
        var options = ConfigurationOptions.Parse(DefaultOptions + "," + connectionString);
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "newsapi";
        _connection = ConnectionMultiplexer.Connect(options);
        _connection.ConnectionRestored += (_, _) =>
        {
            Interlocked.Exchange(ref _lastWarning, 0);
            _logger.LogInformation("Redis answers again: the limits are shared across instances again");
        };
    }

    /// <summary>Counts one request of <paramref name="client"/> against <paramref name="limit"/>'s window.</summary>
    /// <returns>Null when it may go on (Redis not answering included); otherwise how long until the window ends.</returns>
    public async ValueTask<TimeSpan?> TakePermitAsync(string limit, string client, int permitLimit, TimeSpan window)
    {
        var key = Key(limit, client);
        try
        {
            var wait = (long)await _connection.GetDatabase().ScriptEvaluateAsync(WindowScript, [key], [permitLimit, (long)window.TotalMilliseconds]);
            return wait < 0 ? null : TimeSpan.FromMilliseconds(Math.Max(1, wait));
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            FailedOpen(limit, exception);
            return null;
        }
    }

    /// <summary>
    /// Gives <paramref name="owner"/> the pass of <paramref name="subject"/> for <paramref name="interval"/>, unless another
    /// owner holds it. Synchronous, for callers inside a database transaction; bounded by the sync timeout.
    /// </summary>
    /// <returns>Null when the owner may go on (Redis not answering included); otherwise how long the pass is still held.</returns>
    public TimeSpan? TakePass(string limit, string subject, string owner, TimeSpan interval)
    {
        var key = Key(limit, subject);
        try
        {
            var wait = (long)_connection.GetDatabase().ScriptEvaluate(PassScript, [key], [owner, (long)interval.TotalMilliseconds]);
            return wait < 0 ? null : TimeSpan.FromMilliseconds(Math.Max(1, wait));
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            FailedOpen(limit, exception);
            return null;
        }
    }

    /// <summary>Takes back <paramref name="owner"/>'s pass of <paramref name="subject"/>, if it still holds it.</summary>
    public void GiveBackPass(string limit, string subject, string owner)
    {
        var key = Key(limit, subject);
        try
        {
            _connection.GetDatabase().ScriptEvaluate(GiveBackScript, [key], [owner]);
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            // The pass expires with its interval anyway; at worst a retry within it is refused as a flood.
            FailedOpen(limit, exception);
        }
    }

    public void Dispose() => _connection.Dispose();

    private RedisKey Key(string limit, string subject) =>
        _prefix + limit + ":" + Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey.Value, Encoding.UTF8.GetBytes(subject)));

    private static bool IsUnavailable(Exception exception) => exception is RedisException or TimeoutException or ObjectDisposedException;

    private void FailedOpen(string limit, Exception exception)
    {
        _metrics.LimitFailedOpen(limit);

        // One warning per interval, naming how many went unlogged: an outage under load must not write a line per request.
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if ((last != 0 && Stopwatch.GetElapsedTime(last, now) < WarningInterval) || Interlocked.CompareExchange(ref _lastWarning, now, last) != last)
        {
            Interlocked.Increment(ref _unwarned);
            return;
        }

        _logger.LogWarning(
            exception, "Redis did not answer for the {Limit} limit: requests go through unlimited until it does ({Unwarned} more since the last warning)",
            limit, Interlocked.Exchange(ref _unwarned, 0));
    }
}
