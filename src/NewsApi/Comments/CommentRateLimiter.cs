using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace NewsApi.Comments;

/// <summary>
/// Submissions per client address: a fixed window of <c>PermitLimit</c> per <c>WindowSeconds</c> (0 turns it
/// off), built on System.Threading.RateLimiting, the limiter behind ASP.NET Core's rate-limiting middleware.
/// The submission asks it first, before anything reads stored comments, so every answer (a duplicate, a flood
/// refusal, a 404 included) costs a permit and no series of guesses about stored comments comes free; asked there
/// rather than by the middleware, its 429 is the same localised problem with <c>Retry-After</c> as the flood refusal.
/// </summary>
public sealed class CommentRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public CommentRateLimiter(IOptions<NewsApiOptions> options)
    {
        var settings = options.Value.Comments.RateLimit;
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

    /// <returns>Null when the address may submit; otherwise how long until it may.</returns>
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

    public void Dispose() => _limiter?.Dispose();
}
