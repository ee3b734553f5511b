using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NewsApi.Http;
using NewsApi.Observability;
using NewsApi.Text;

namespace NewsApi.Comments;

/// <summary>
/// A reader's comment from request to row, with the refusals in the contract's order: 429 rate limit (the client
/// address's permit is taken before anything else, so every answer costs one), 404 unknown article, 413/415 a body
/// that cannot be read, 400 invalid (unknown properties and malformed JSON included), then, inside one write
/// transaction, 422 idempotency key reused for another request, 400 parent, 403 closed, 429 flood. Spam and exact
/// duplicates are answered like any accepted comment: nothing in the answer tells whether an e-mail has commented.
/// The transaction answers a <see cref="SubmissionOutcome"/>; <see cref="StoreAsync"/> alone turns it into HTTP.
/// </summary>
public sealed class CommentSubmission(
    CommentStore store,
    Articles.ArticleScopes articles,
    CommentModeration moderation,
    CommentRateLimiter rateLimiter,
    CommentFloodGate floodGate,
    CommenterTokens tokens,
    IValidator<CommentRequest> validator,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions,
    IOptions<NewsApiOptions> options,
    NewsApiMetrics metrics,
    TimeProvider clock)
{
    /// <summary>The request body limit of public routes.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    public const int MaxIdempotencyKeyLength = 255;

    public static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromHours(24);

    private const string IdempotencyScope = "POST /api/v1/articles/{slug}/comments";

    public async Task<Results<Accepted<CommentAccepted>, ProblemHttpResult, ValidationProblem>> SubmitAsync(
        string slug, string? idempotencyKey, string? commenterToken, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        // Every submission is counted once by what became of it (newsapi.comments.submissions); refusals before the
        // transaction (unknown article, unreadable or invalid body) are "refused".
        var outcome = NewsApiMetrics.CommentOutcomes.Refused;
        try
        {
            return await AnswerAsync(slug, idempotencyKey, commenterToken, context, counted => outcome = counted);
        }
        catch
        {
            outcome = NewsApiMetrics.CommentOutcomes.Failed;
            throw;
        }
        finally
        {
            metrics.CommentSubmitted(outcome);
        }
    }

    private async Task<Results<Accepted<CommentAccepted>, ProblemHttpResult, ValidationProblem>> AnswerAsync(
        string slug, string? idempotencyKey, string? commenterToken, HttpContext context, Action<string> count)
    {
        if (await rateLimiter.TryAcquireAsync(ClientAddress.Of(context)) is { } wait)
        {
            count(NewsApiMetrics.CommentOutcomes.RateLimited);
            return TooManyRequests(context, wait, Messages.RateLimited);
        }

        // The remembered id: the transaction reads the article again, and answers 404 as well if it is no longer public.
        if (articles.ArticleId(slug) is not { } articleId)
        {
            return Problems.NotFound(Messages.ArticleNotFound(slug));
        }

        var (body, unreadable) = await ReadBodyAsync(context.Request);
        if (unreadable is not null)
        {
            return unreadable;
        }

        CommentRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, jsonOptions.Value.SerializerOptions.GetTypeInfo(typeof(CommentRequest))) as CommentRequest;
        }
        catch (JsonException json)
        {
            return ProblemDetailsSetup.JsonProblem(json);
        }

        if (request is null)
        {
            return Problems.FieldError("$", Messages.NotJson);
        }

        var validation = await validator.ValidateAsync(request, context.RequestAborted);
        if (!validation.IsValid)
        {
            return ValidationProblems.From(validation);
        }

        if (idempotencyKey is not null && idempotencyKey.Trim().Length is 0 or > MaxIdempotencyKeyLength)
        {
            return Problems.FieldError("Idempotency-Key", Messages.IdempotencyKeyInvalid(MaxIdempotencyKeyLength));
        }

        return await StoreAsync(articleId, slug, request, idempotencyKey?.Trim(), commenterToken?.Trim(), context, count);
    }

    private async Task<Results<Accepted<CommentAccepted>, ProblemHttpResult, ValidationProblem>> StoreAsync(
        int articleId, string slug, CommentRequest request, string? idempotencyKey, string? commenterToken, HttpContext context, Action<string> count)
    {
        var submission = new Submission(
            articleId, request, CommentText.Read(request.Body), request.AuthorEmail.Trim().ToLowerInvariant(), ClientAddress.Of(context),
            UserAgent(context), idempotencyKey, commenterToken, Hash(articleId, request), clock.GetUtcNow());
        SubmissionOutcome outcome;
        try
        {
            outcome = await store.SubmitAsync(write => DecideAsync(write, submission), context.RequestAborted);
        }
        catch
        {
            floodGate.Withdraw(submission.Email, submission.ClientAddress, submission.Owner);
            throw;
        }

        // Counted after the commit, once: the transaction may have run more than once (PostgreSQL deadlock retries).
        count(outcome switch
        {
            { Refusal: SubmissionRefusal.None, Replayed: true } => NewsApiMetrics.CommentOutcomes.Replayed,
            { Refusal: SubmissionRefusal.None, StoredAs: { } storedAs } => storedAs,
            { Refusal: SubmissionRefusal.Flood } => NewsApiMetrics.CommentOutcomes.Flood,
            _ => NewsApiMetrics.CommentOutcomes.Refused,
        });
        return outcome.Refusal switch
        {
            SubmissionRefusal.None when outcome.Replayed => Replayed(context, outcome.Answer!),
            SubmissionRefusal.None => TypedResults.Accepted((string?)null, outcome.Answer!),
            SubmissionRefusal.IdempotencyKeyReused => Problems.Status(StatusCodes.Status422UnprocessableEntity, Messages.IdempotencyKeyReused),
            SubmissionRefusal.ArticleGone => Problems.NotFound(Messages.ArticleNotFound(slug)),
            SubmissionRefusal.NoSuchParent => Problems.FieldError("parentId", Messages.NoSuchParent(request.ParentId!.Value)),
            SubmissionRefusal.RepliesTooDeep => Problems.FieldError("parentId", Messages.RepliesTooDeep(CommentStore.MaxDepth)),
            SubmissionRefusal.Closed => Problems.Status(StatusCodes.Status403Forbidden, Messages.CommentsClosed),
            SubmissionRefusal.Flood => TooManyRequests(context, outcome.Wait!.Value, Messages.Flood(options.Value.Comments.FloodIntervalSeconds)),
            _ => throw new InvalidOperationException($"Unmapped submission refusal {outcome.Refusal}."),
        };
    }

    private static Accepted<CommentAccepted> Replayed(HttpContext context, CommentAccepted answer)
    {
        context.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Accepted((string?)null, answer);
    }

    /// <summary>
    /// The transaction's part of a submission. It may run more than once (PostgreSQL deadlock retries): it changes
    /// nothing outside the transaction but the flood pass, which is the submission's own and taken again on a rerun.
    /// </summary>
    private async Task<SubmissionOutcome> DecideAsync(CommentStore.SubmissionTransaction write, Submission submission)
    {
        if (submission.IdempotencyKey is not { } key)
        {
            return await CheckAsync(write, submission);
        }

        if (await write.ClaimKeyAsync(key, IdempotencyScope, submission.RequestHash, submission.Now, IdempotencyLifetime) is { } stored)
        {
            return stored.RequestHash == submission.RequestHash
                ? new SubmissionOutcome(JsonSerializer.Deserialize(stored.ResponseBody, NewsApiJsonContext.Default.CommentAccepted), Replayed: true)
                : SubmissionOutcome.Refused(SubmissionRefusal.IdempotencyKeyReused);
        }

        var outcome = await CheckAsync(write, submission);
        if (outcome.Answer is { } answer)
        {
            await write.RememberAnswerAsync(key, IdempotencyScope, StatusCodes.Status202Accepted, JsonSerializer.Serialize(answer, NewsApiJsonContext.Default.CommentAccepted));
        }
        else
        {
            await write.ReleaseKeyAsync(key, IdempotencyScope);
        }

        return outcome;
    }

    private async Task<SubmissionOutcome> CheckAsync(CommentStore.SubmissionTransaction write, Submission submission)
    {
        var (request, email, now) = (submission.Request, submission.Email, submission.Now);
        // Read again inside the transaction: the article may have been unpublished since the first look.
        if (await write.FindArticleAsync(submission.ArticleId, email) is not { } article)
        {
            return SubmissionOutcome.Refused(SubmissionRefusal.ArticleGone);
        }

        if (request.ParentId is { } parentId)
        {
            var depth = await write.ApprovedDepthAsync(article.Id, parentId);
            if (depth is null)
            {
                return SubmissionOutcome.Refused(SubmissionRefusal.NoSuchParent);
            }

            if (depth >= CommentStore.MaxDepth)
            {
                return SubmissionOutcome.Refused(SubmissionRefusal.RepliesTooDeep);
            }
        }

        if (moderation.IsClosed(article.CommentsOpen, article.PublishedAt, now))
        {
            return SubmissionOutcome.Refused(SubmissionRefusal.Closed);
        }

        if (floodGate.TryPass(email, submission.ClientAddress, now, submission.Owner) is { } floodWait)
        {
            return new SubmissionOutcome(null, SubmissionRefusal.Flood, Wait: floodWait);
        }

        var (token, sent) = tokens.EchoOrIssue(submission.CommenterToken, email);
        var tokenHash = CommenterTokens.Hash(token);
        var status = await moderation.InitialStatusAsync(
            moderation.IsSpam(request, submission.Text), async () => sent && await write.WasApprovedUnderAsync(tokenHash, email));
        var (id, duplicate) = await write.InsertAsync(new SubmittedComment(
            article.Id, request.ParentId, request.AuthorName.Trim(), email, WebUrls.Normalize(request.AuthorUrl),
            submission.Text.Text, status, submission.ClientAddress, submission.UserAgent, now), tokenHash);

        // The same comment sent again is answered as if accepted, so the answer cannot confirm whose e-mail wrote a
        // public comment. Inserting and deleting it costs the same work as keeping it and uses up an id, so neither
        // the time taken nor the id returned tells it apart from a new comment.
        if (duplicate)
        {
            await write.DeleteAsync(id);
        }

        // Spam reads as pending: a bot learns nothing from the answer. Only the operators' metrics tell them apart.
        return new SubmissionOutcome(
            new CommentAccepted(id, status == CommentStatuses.Approved ? CommentStatuses.Approved : CommentStatuses.Pending, token),
            StoredAs: duplicate ? NewsApiMetrics.CommentOutcomes.Duplicate : status);
    }

    /// <summary>A submission that passed the HTTP checks, as the transaction needs it; also the owner of its flood pass.</summary>
    private sealed record Submission(
        int ArticleId, CommentRequest Request, CommentBody Text, string Email, string? ClientAddress, string? UserAgent,
        string? IdempotencyKey, string? CommenterToken, string RequestHash, DateTimeOffset Now)
    {
        /// <summary>The owner of its flood pass: unique, so a pass taken in another instance is never mistaken for this one's.</summary>
        public string Owner { get; } = Guid.NewGuid().ToString("N");
    }

    // The body is read here, after the article is known, so that an unknown article answers 404 whatever the body.
    // Kestrel enforces the limit through IHttpMaxRequestBodySizeFeature; the count below covers servers that do not.
    private static async Task<(byte[] Body, ProblemHttpResult? Refusal)> ReadBodyAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return ([], Problems.Status(StatusCodes.Status415UnsupportedMediaType, Messages.JsonBodyOnly));
        }

        var tooLarge = Problems.Status(StatusCodes.Status413PayloadTooLarge, Messages.BodyTooLarge(MaxRequestBodyBytes / 1024));
        if (request.ContentLength > MaxRequestBodyBytes)
        {
            return ([], tooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxRequestBodyBytes)
                {
                    return ([], tooLarge);
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], tooLarge);
        }

        return (buffer.ToArray(), null);
    }

    private static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan wait, string detail) => Problems.RetryLater(context, StatusCodes.Status429TooManyRequests, wait, detail);

    private static string? UserAgent(HttpContext context)
    {
        var agent = context.Request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? null : agent[..Math.Min(agent.Length, 500)];
    }

    // Same key, same article and same fields → same hash, however the JSON was spaced or ordered.
    private static string Hash(int articleId, CommentRequest request)
    {
        var canonical = articleId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"
            + JsonSerializer.Serialize(request, NewsApiJsonContext.Default.CommentRequest);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>Why the transaction of a submission refused it, in the comments' own terms.</summary>
public enum SubmissionRefusal
{
    None,

    /// <summary>The Idempotency-Key was used for a different request.</summary>
    IdempotencyKeyReused,

    /// <summary>The article is no longer public (it was unpublished since the first look).</summary>
    ArticleGone,

    /// <summary>The parent is not an approved comment of the article.</summary>
    NoSuchParent,

    /// <summary>The parent is already at <see cref="CommentStore.MaxDepth"/>.</summary>
    RepliesTooDeep,

    /// <summary>The article's comments are closed.</summary>
    Closed,

    /// <summary>The same e-mail and client address submitted within the flood interval.</summary>
    Flood,
}

/// <summary>The outcome of a submission's transaction.</summary>
/// <param name="Answer">The answer to give (new, or stored under the Idempotency-Key); null when refused.</param>
/// <param name="Replayed">Whether <paramref name="Answer"/> is the stored answer of an earlier request with the same key.</param>
/// <param name="Wait">For <see cref="SubmissionRefusal.Flood"/>: how long until the pair may submit again.</param>
/// <param name="StoredAs">
/// For a new comment: its status (pending, approved, spam), or duplicate when it repeated a stored one and was not kept.
/// For the operators' metrics only; the answer never shows it.
/// </param>
public sealed record SubmissionOutcome(
    CommentAccepted? Answer, SubmissionRefusal Refusal = SubmissionRefusal.None, bool Replayed = false, TimeSpan? Wait = null, string? StoredAs = null)
{
    public static SubmissionOutcome Refused(SubmissionRefusal refusal) => new(null, refusal);
}
