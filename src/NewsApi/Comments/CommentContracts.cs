using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Http;

namespace NewsApi.Comments;

/// <summary>Body of POST /api/v1/articles/{slug}/comments.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CommentRequest(
    [property: Description("The name shown with the comment, up to 245 characters.")] string AuthorName,
    [property: Description("Up to 100 characters. Never published: it appears on no public route, in no form (no hash, no avatar).")] string AuthorEmail,
    [property: Description("Plain text. Any HTML is stripped (line breaks and paragraphs become new lines); at most `NewsApi:Comments:MaxBodyLength` characters (5,000 by default) after stripping.")] string Body,
    [property: Description("The commenter's own site: an absolute http or https URL, up to 200 characters.")] string? AuthorUrl = null,
    [property: Description("Id of the approved comment of the same article this one replies to. Replies nest at most 5 levels deep.")] int? ParentId = null,
    [property: Description("""
        Honeypot for bots: render it as a hidden input (off-screen, `tabindex="-1"`, `autocomplete="off"`) and send what it holds,
        which for a person is nothing. A comment with any value here is accepted as usual but never published.
        The commenter's own site belongs in `authorUrl`.
        """)] string? Website = null);

/// <summary>The answer to a submission. A comment kept back for any reason reads as <c>pending</c>.</summary>
public sealed record CommentAccepted(
    [property: Description("Id of the new comment.")] int Id,
    [property: Description("`pending` (waiting for a moderator) or `approved` (already public).")] string Status,
    [property: Description("""
        The commenter token: keep it on the reader's device (for example in local storage, next to the name and e-mail the
        form remembers) and send it back in the `X-Commenter-Token` header with this reader's next comments. Once a moderator
        approves a comment sent with it, later comments from the same e-mail with the same token are published at once when
        moderation is `trusted`. The token sent is echoed while it is valid for the e-mail; otherwise a new one is issued.
        Treat it as a secret: it is what lets a reader skip moderation.
        """)] string CommenterToken);

/// <summary>A published comment with its published replies, oldest first.</summary>
public sealed record Comment(
    int Id,
    [property: Description("The comment this one replies to; null for a top-level comment. Below the fifth level it is not the comment whose `replies` list this one: a deeper reply is listed beside its parent.")] int? ParentId,
    string AuthorName,
    string? AuthorUrl,
    [property: Description("Plain text; new lines separate paragraphs. Escape it when rendering as HTML.")] string Body,
    DateTime CreatedAt,
    [property: Description("Published replies, oldest first, nested up to 5 levels in all; at the fifth level always empty, since deeper replies are listed at that level, beside their parent.")] IReadOnlyList<Comment> Replies);

/// <summary>A comment as moderators see it: with the e-mail, client address and user agent that are never published.</summary>
public sealed record AdminComment(
    int Id,
    int ArticleId,
    string ArticleSlug,
    int? ParentId,
    string AuthorName,
    string AuthorEmail,
    string? AuthorUrl,
    string Body,
    [property: Description("`pending`, `approved`, `spam` or `trash`.")] string Status,
    [property: Description("The submitter's address (from `X-Forwarded-For` only behind a trusted proxy); null when unknown.")] string? ClientAddress,
    string? UserAgent,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>Body of PATCH /api/v1/admin/comments/{id}.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CommentStatusRequest(
    [property: Description("`approved` publishes the comment; `spam` and `trash` withdraw it (with its approved replies).")] string Status);

/// <summary>Query parameters of GET /api/v1/admin/comments.</summary>
public sealed class AdminCommentListQuery : PageQuery
{
    [FromQuery(Name = "status")]
    [Description("Only comments in this state: `pending`, `approved`, `spam` or `trash`. All when omitted.")]
    [AllowedValues("pending", "approved", "spam", "trash")]
    public string? Status { get; init; }

    [FromQuery(Name = "article")]
    [Description("Only comments on this article, by id or slug (any article state).")]
    public string? Article { get; init; }

    public const int Default = 20;

    [FromQuery(Name = "pageSize")]
    [Description("Comments per page, 1 to 100.")]
    [DefaultValue(Default)]
    public override QueryInt? PageSize { get; init; }

    protected override int DefaultPageSize => Default;
}

public static class CommentStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Spam = "spam";
    public const string Trash = "trash";

    public static readonly string[] All = [Pending, Approved, Spam, Trash];

    /// <summary>What a moderator may set: pending is where comments start, not a decision.</summary>
    public static readonly string[] Decisions = [Approved, Spam, Trash];
}
