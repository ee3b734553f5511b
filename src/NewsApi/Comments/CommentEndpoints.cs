using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Admin;
using NewsApi.Http;

namespace NewsApi.Comments;

public static class CommentEndpoints
{
    private const string SlugDescription = "The article's slug (as is or percent-encoded) or its numeric id, e.g. `رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى` or `1`.";

    /// <summary>The public comment routes, under an article.</summary>
    public static RouteGroupBuilder MapComments(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/articles/{slug}/comments").WithTags("Comments");

        group.MapGet("", ListComments)
            .WithName("listComments")
            .WithSummary("List an article's comments, threaded")
            .WithDescription("""
                Approved comments of a published article, oldest first. Paged on top-level comments (`page`/`pageSize` and
                `totalItems` count those, 100 a page by default); each carries all its approved `replies`, nested up to
                5 levels and oldest first at every level. A reply deeper than that (an imported WordPress thread can be) is
                listed at the fifth level, among the replies its parent is listed with, as WordPress shows it; its
                `parentId` still names the comment it answers. Paging through every page gives exactly the article's
                `commentCount` comments, replies included.
                Bodies are plain text. No e-mail address, client address or user agent appears here, in any form.
                """)
            .Validates<WholeListPageQuery>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DependsOn(context => context.RequestServices.GetRequiredService<Articles.ArticleScopes>().OfComments((string)context.GetRouteValue("slug")!));

        group.MapPost("", SubmitComment)
            .WithName("submitComment")
            .WithSummary("Submit a comment")
            .WithDescription("""
                Sends a reader's comment (or, with `parentId`, a reply) from a browser or an app; no key needed.
                The answer is `202 Accepted` with the comment's `id`, its `status` and a `commenterToken`: `pending` until a
                moderator approves it, or `approved` when the moderation mode allows (`NewsApi:Comments:Moderation`: `manual`,
                `auto`, or `trusted`: published at once when the request carries, in `X-Commenter-Token`, the token of an
                earlier comment of the same e-mail that a moderator approved). Keep the token on the reader's device and send
                it with every later comment. HTML in `body` is stripped to plain text.

                Render `website` as a hidden honeypot field and send it as is. Submissions that look like spam (honeypot
                filled, more links than allowed, blocklisted words) get the same answer and are never published.

                The same comment sent again (same article, e-mail and text, compared ignoring spacing, case and Arabic
                marks) gets the same answer as a new one and is not stored twice: no answer tells whether an e-mail has
                commented before.

                Refusals, checked in this order: 429 too many comments from the client address (every request counts); 404
                unknown or unpublished article; 413 body over 64 KiB and 415 body not JSON; 400 invalid fields, unknown
                properties (so no one can set `status`) or malformed JSON; 403 comments closed; 429 the same e-mail from
                the same client address within the flood interval. Both 429s carry `Retry-After` in seconds.

                Send an `Idempotency-Key` to retry safely: the same key with the same request answers the first answer
                again (with `Idempotent-Replayed: true`) and stores nothing new, for 24 hours; the same key with a different
                request is refused with 422.
                """)
            .Accepts<CommentRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithMetadata(new RequestSizeLimitAttribute(CommentSubmission.MaxRequestBodyBytes));

        return group;
    }

    /// <summary>Moderation, inside the admin group (API key with <c>comments:moderate</c>).</summary>
    public static RouteGroupBuilder MapCommentModeration(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/comments").WithTags("Admin: comments").RequireAuthorization(ApiKeyStore.CommentsModerate);

        group.MapGet("/", ListForModeration)
            .WithName("adminListComments")
            .WithSummary("List comments for moderation")
            .WithDescription("""
                Comments in any state, newest first, optionally only one `status` and one `article`. This is the only place
                where the author's e-mail, client address and user agent are shown.
                """)
            .Validates<AdminCommentListQuery>();

        group.MapPatch("/{id:int}", Moderate)
            .WithName("adminModerateComment")
            .WithSummary("Approve, mark as spam or trash a comment")
            .WithDescription("""
                `approved` publishes the comment (a reply only once its parent is approved: 409 otherwise); `spam` and
                `trash` withdraw it together with its approved replies. The article's `commentCount` and the ETags of
                every public page showing it change at once.
                """)
            .Validates<CommentStatusRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{id:int}", DeleteComment)
            .WithName("adminDeleteComment")
            .WithSummary("Delete a comment")
            .WithDescription("Deletes the comment and its replies for good. Trash keeps them instead.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static Results<Ok<ListResponse<Comment>>, ProblemHttpResult> ListComments(
        [Description(SlugDescription)] string slug, [AsParameters] WholeListPageQuery query, CommentStore store, HttpContext context)
    {
        if (store.FindArticle(slug) is not { } article)
        {
            return Problems.NotFound(Messages.ArticleNotFound(slug));
        }

        var page = query.ToRequest();
        var (items, total) = store.ListPublished(article.Id, page);
        return TypedResults.Ok(items.ToListResponse(context, page, total));
    }

    public static Task<Results<Accepted<CommentAccepted>, ProblemHttpResult, ValidationProblem>> SubmitComment(
        [Description(SlugDescription)] string slug,
        [FromHeader(Name = "Idempotency-Key"), Description("Any unique string (a UUID), up to 255 characters, to make retries safe. Kept 24 hours.")] string? idempotencyKey,
        [FromHeader(Name = CommenterTokens.Header), Description("The `commenterToken` of this reader's earlier answers, if any. Under `trusted` moderation it is what gets a returning reader published at once.")] string? commenterToken,
        CommentSubmission submission,
        HttpContext context) =>
        submission.SubmitAsync(slug, idempotencyKey, commenterToken, context);

    public static Ok<ListResponse<AdminComment>> ListForModeration([AsParameters] AdminCommentListQuery query, CommentStore store, HttpContext context)
    {
        var page = query.ToRequest();
        var (items, total) = store.List(query.Status, query.Article, page);
        return TypedResults.Ok(items.ToListResponse(context, page, total));
    }

    public static Results<Ok<AdminComment>, ProblemHttpResult> Moderate([Description("Comment id.")] int id, CommentStatusRequest request, CommentStore store) =>
        store.SetStatus(id, request.Status) switch
        {
            (ModerationOutcome.Done, { } comment) => TypedResults.Ok(comment),
            (ModerationOutcome.ParentNotApproved, _) => Problems.Status(StatusCodes.Status409Conflict, Messages.ParentNotApproved),
            _ => Problems.NotFound(Messages.NoSuchComment(id)),
        };

    public static Results<NoContent, ProblemHttpResult> DeleteComment([Description("Comment id.")] int id, CommentStore store) =>
        store.Delete(id) == ModerationOutcome.Done ? TypedResults.NoContent() : Problems.NotFound(Messages.NoSuchComment(id));
}
