using Microsoft.Extensions.Options;
using NewsApi.Http;

namespace NewsApi.Comments;

/// <summary>
/// Submissions per client address: a fixed window of <c>PermitLimit</c> per <c>WindowSeconds</c> (0 turns it
/// off), built on System.Threading.RateLimiting, the limiter behind ASP.NET Core's rate-limiting middleware.
/// The submission asks it first, before anything reads stored comments, so every answer (a duplicate, a flood
/// refusal, a 404 included) costs a permit and no series of guesses about stored comments comes free; asked there
/// rather than by the middleware, its 429 is the same localised problem with <c>Retry-After</c> as the flood refusal.
/// </summary>
public sealed class CommentRateLimiter(IOptions<NewsApiOptions> options) : ClientRateLimiter(options.Value.Comments.RateLimit);
