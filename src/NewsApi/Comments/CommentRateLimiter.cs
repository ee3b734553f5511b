using Microsoft.Extensions.Options;
using NewsApi.Http;

namespace NewsApi.Comments;

/// <summary>
/// Comment submissions per client address (<c>NewsApi:Comments:RateLimit</c>). It is asked from the submission itself,
/// so that the refusals keep the contract's order and only submissions that could be stored use a permit.
/// </summary>
public sealed class CommentRateLimiter(IOptions<NewsApiOptions> options) : ClientRateLimiter(options.Value.Comments.RateLimit);
