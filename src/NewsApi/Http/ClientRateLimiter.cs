using System.Threading.RateLimiting;

namespace NewsApi.Http;

/// <summary>
/// Requests per client address: a fixed window of <c>PermitLimit</c> per <c>WindowSeconds</c> (0 turns it off), built
/// on System.Threading.RateLimiting, the limiter behind ASP.NET Core's rate-limiting middleware. Features ask it
/// themselves at the point where a request starts to cost something, rather than through the middleware, so that
/// refusals that cost nothing (validation, a cache hit) use no permit.
/// </summary>
public class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public ClientRateLimiter(NewsApiOptions.RateLimitSettings settings)
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

    /// <returns>Null when the address may go on; otherwise how long until it may.</returns>
    public TimeSpan? TryAcquire(string? clientAddress)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(clientAddress ?? "unknown");
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose()
    {
        _limiter?.Dispose();
        GC.SuppressFinalize(this);
    }
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
