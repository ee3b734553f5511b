using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Comments;

/// <summary>
/// A reader's comment from request to row, with the refusals in the contract's order: 429 rate limit (the client
/// address's permit is taken before anything else, so every answer costs one), 404 unknown article, 413/415 a body
/// that cannot be read, 400 invalid (unknown properties and malformed JSON included), then, inside one write
/// transaction, 422 idempotency key reused for another request, 400 parent, 403 closed, 429 flood. Spam and exact
/// duplicates are answered like any accepted comment: nothing in the answer tells whether an e-mail has commented.
/// </summary>
public sealed class CommentSubmission(
    CommentStore store,
    CommentModeration moderation,
    CommentRateLimiter rateLimiter,
    CommentFloodGate floodGate,
    CommenterTokens tokens,
    IValidator<CommentRequest> validator,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions,
    IOptions<NewsApiOptions> options,
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
        if (rateLimiter.TryAcquire(ClientAddress.Of(context)) is { } wait)
        {
            return TooManyRequests(context, wait, Messages.RateLimited);
        }

        if (store.FindArticle(slug) is not { } article)
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

        return await StoreAsync(article.Id, slug, request, idempotencyKey?.Trim(), commenterToken?.Trim(), context);
    }

    private async Task<Results<Accepted<CommentAccepted>, ProblemHttpResult, ValidationProblem>> StoreAsync(
        int articleId, string slug, CommentRequest request, string? idempotencyKey, string? commenterToken, HttpContext context)
    {
        var now = clock.GetUtcNow();
        var text = CommentText.Read(request.Body);
        var email = request.AuthorEmail.Trim().ToLowerInvariant();
        var clientAddress = ClientAddress.Of(context);
        var requestHash = Hash(articleId, request);

        using var write = await store.BeginSubmissionAsync(context.RequestAborted);
        if (idempotencyKey is not null && write.FindAnswer(idempotencyKey, IdempotencyScope, now) is { } stored)
        {
            if (stored.RequestHash != requestHash)
            {
                return Problems.Status(StatusCodes.Status422UnprocessableEntity, Messages.IdempotencyKeyReused);
            }

            context.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Accepted((string?)null, JsonSerializer.Deserialize(stored.ResponseBody, NewsApiJsonContext.Default.CommentAccepted)!);
        }

        // Read again inside the transaction: the article may have been unpublished since the first look.
        if (write.FindArticle(articleId) is not { } article)
        {
            return Problems.NotFound(Messages.ArticleNotFound(slug));
        }

        if (request.ParentId is { } parentId)
        {
            var depth = write.ApprovedDepth(article.Id, parentId);
            if (depth is null)
            {
                return Problems.FieldError("parentId", Messages.NoSuchParent(parentId));
            }

            if (depth >= CommentStore.MaxDepth)
            {
                return Problems.FieldError("parentId", Messages.RepliesTooDeep(CommentStore.MaxDepth));
            }
        }

        if (moderation.IsClosed(article.CommentsOpen, article.PublishedAt, now))
        {
            return Problems.Status(StatusCodes.Status403Forbidden, Messages.CommentsClosed);
        }

        if (floodGate.Wait(email, clientAddress, now) is { } floodWait)
        {
            return TooManyRequests(context, floodWait, Messages.Flood(options.Value.Comments.FloodIntervalSeconds));
        }

        var (token, sent) = tokens.EchoOrIssue(commenterToken, email);
        var tokenHash = CommenterTokens.Hash(token);
        var status = moderation.InitialStatus(moderation.IsSpam(request, text), () => sent && write.WasApprovedUnder(tokenHash, email));
        var id = write.Insert(new SubmittedComment(
            article.Id, request.ParentId, request.AuthorName.Trim(), email, WebUrls.Normalize(request.AuthorUrl),
            text.Text, status, clientAddress, UserAgent(context), now), tokenHash);

        // The same comment sent again is answered as if accepted, so the answer cannot confirm whose e-mail wrote a
        // public comment. Inserting and deleting it costs the same work as keeping it and uses up an id, so neither
        // the time taken nor the id returned tells it apart from a new comment.
        if (write.IsDuplicate(id, article.Id, email, text.Text))
        {
            write.Delete(id);
        }

        floodGate.Record(email, clientAddress, now);

        // Spam reads as pending: a bot learns nothing from the answer.
        var answer = new CommentAccepted(id, status == CommentStatuses.Approved ? CommentStatuses.Approved : CommentStatuses.Pending, token);
        if (idempotencyKey is not null)
        {
            write.RememberAnswer(idempotencyKey, IdempotencyScope, requestHash, StatusCodes.Status202Accepted,
                JsonSerializer.Serialize(answer, NewsApiJsonContext.Default.CommentAccepted), now, IdempotencyLifetime);
        }

        write.Commit();
        return TypedResults.Accepted((string?)null, answer);
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
