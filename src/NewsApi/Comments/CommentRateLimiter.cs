using Microsoft.Extensions.Options;
using NewsApi.Http;

namespace NewsApi.Comments;

/// <summary>
/// Submissions per client address: a fixed window of <c>PermitLimit</c> per <c>WindowSeconds</c> (0 turns it off),
/// counted in this process or, with <c>ConnectionStrings:Redis</c>, across every instance (<see cref="SharedLimits"/>).
/// The submission asks it first, before anything reads stored comments, so every answer (a duplicate, a flood
/// refusal, a 404 included) costs a permit and no series of guesses about stored comments comes free; asked there
/// rather than by the middleware, its 429 is the same localised problem with <c>Retry-After</c> as the flood refusal.
/// </summary>
public sealed class CommentRateLimiter(IOptions<NewsApiOptions> options, SharedLimits limits) : IDisposable
{
    private readonly ClientRateLimiter _limiter = limits.RateLimiter("comments", options.Value.Comments.RateLimit);

    /// <returns>Null when the address may go on; otherwise how long until it may.</returns>
    public ValueTask<TimeSpan?> TryAcquireAsync(string? clientAddress) => _limiter.TryAcquireAsync(clientAddress);

    public void Dispose() => _limiter.Dispose();
}
