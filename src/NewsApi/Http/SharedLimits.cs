namespace NewsApi.Http;

/// <summary>
/// Where the per-client limits count: in this process when <c>ConnectionStrings:Redis</c> is unset (each instance
/// then has limits of its own, so N instances let a client through N times as often), or in that Redis, shared by
/// every instance (<see cref="RedisLimitStore"/>). The one place that decides, so the comment rate limit, flood control
/// and the search limit never disagree about it.
/// </summary>
public sealed class SharedLimits(RedisLimitStore? redis) : IDisposable
{
    /// <summary>The Redis the limits count in; null when they count in this process.</summary>
    public RedisLimitStore? Redis => redis;

    /// <param name="limit">The limit's name: its Redis keys and the tag of its fail-open metric.</param>
    public ClientRateLimiter RateLimiter(string limit, NewsApiOptions.RateLimitSettings settings) =>
        redis is null ? new InProcessClientRateLimiter(settings) : new RedisClientRateLimiter(redis, limit, settings);

    public void Dispose() => redis?.Dispose();
}
