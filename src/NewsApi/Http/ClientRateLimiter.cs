using System.Threading.RateLimiting;

namespace NewsApi.Http;

/// <summary>
/// Requests per client address: a fixed window of <c>PermitLimit</c> per <c>WindowSeconds</c> (0 turns it off).
/// Features ask it themselves at the point where a request starts to cost something, rather than through the
/// middleware, so that refusals that cost nothing (validation, a cache hit) use no permit. Counted in this process
/// (<see cref="InProcessClientRateLimiter"/>), or across every instance in Redis when <c>ConnectionStrings:Redis</c> is
/// set (<see cref="RedisClientRateLimiter"/>); <see cref="SharedLimits"/> picks one.
/// </summary>
public abstract class ClientRateLimiter : IDisposable
{
    /// <returns>Null when the address may go on; otherwise how long until it may.</returns>
    public abstract ValueTask<TimeSpan?> TryAcquireAsync(string? clientAddress);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The partition of a request without an address (TestServer's, or a Unix socket's).</summary>
    protected static string Partition(string? clientAddress) => clientAddress ?? "unknown";
}

/// <summary>
/// The window counted in this process, on System.Threading.RateLimiting (the limiter behind ASP.NET Core's
/// rate-limiting middleware): N instances let a client through N times as often.
/// </summary>
public sealed class InProcessClientRateLimiter : ClientRateLimiter
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public InProcessClientRateLimiter(NewsApiOptions.RateLimitSettings settings)
    {
        if (settings.PermitLimit > 0 && settings.WindowSeconds > 0)
        {
            var window = new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => window));
        }
    }

    public override ValueTask<TimeSpan?> TryAcquireAsync(string? clientAddress)
    {
        if (_limiter is null)
        {
            return ValueTask.FromResult<TimeSpan?>(null);
        }

        using var lease = _limiter.AttemptAcquire(Partition(clientAddress));
        if (lease.IsAcquired)
        {
            return ValueTask.FromResult<TimeSpan?>(null);
        }

        return ValueTask.FromResult<TimeSpan?>(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _limiter?.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// The window counted in Redis, shared by every instance: one counter per limit and address, created by the first
/// request of a window and expiring with it (<see cref="RedisLimitStore.TakePermitAsync"/>). When Redis cannot answer,
/// the request goes on (fail open): a limit is a defence against abuse, and refusing every reader while Redis is down
/// would be worse than letting one client through more often for a while.
/// </summary>
public sealed class RedisClientRateLimiter(RedisLimitStore store, string limit, NewsApiOptions.RateLimitSettings settings) : ClientRateLimiter
{
    private readonly TimeSpan _window = TimeSpan.FromSeconds(Math.Max(0, settings.WindowSeconds));

    public override ValueTask<TimeSpan?> TryAcquireAsync(string? clientAddress) =>
        settings.PermitLimit > 0 && _window > TimeSpan.Zero
            ? store.TakePermitAsync(limit, Partition(clientAddress), settings.PermitLimit, _window)
            : ValueTask.FromResult<TimeSpan?>(null);
}

/// <summary>Where a request comes from, as every per-client limit counts it.</summary>
public static class ClientAddress
{
    /// <summary>The connection's address, which the forwarded-headers middleware has set from a trusted proxy's X-Forwarded-For.</summary>
    public static string? Of(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => null,
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        var address => address.ToString(),
    };
}
