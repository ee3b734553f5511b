using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Articles;
using NewsApi.Http;

namespace NewsApi.Admin;

/// <summary>Body of POST /admin/articles and PUT /admin/articles/{id} (a full replacement).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ArticleWriteRequest(
    [property: Description("Headline, up to 300 characters.")] string Title,
    [property: Description("Body HTML. Sanitised with an allow-list on write (no scripts, event handlers, styles, javascript:/data: URLs); `content.blocks` are derived from it.")] string BodyHtml,
    [property: Description("Id of the article's category.")] int CategoryId,
    [property: Description("Summary for lists and feeds; derived from the first paragraph when omitted.")] string? Excerpt = null,
    [property: Description("Sub-headline.")] string? Subtitle = null,
    [property: Description("Unicode slug; generated from the title when omitted. Changing it keeps the old slug resolving.")] string? Slug = null,
    [property: Description("Tag names; tags are created as needed.")] IReadOnlyList<string>? Tags = null,
    [property: Description("Id of the author.")] int? AuthorId = null,
    [property: Description("Lead image.")] ArticleImageRequest? Image = null,
    [property: Description("Whether readers may comment (default true).")] bool? CommentsOpen = null,
    [property: Description("The article's language, a BCP 47 tag (`ar`, `en`, `ar-EG`). Omitted: `ar` on create, unchanged on update.")] string? Language = null,
    [property: Description("`rtl` or `ltr`. Omitted: the language's own direction when `language` is sent (rtl for Arabic, Hebrew, Persian, Urdu…, else ltr), otherwise `rtl` on create and unchanged on update.")] string? Direction = null,
    [property: Description("An editor's pick, listed by `GET /api/v1/articles?featured=true`. Omitted: false on create, unchanged on update.")] bool? Featured = null);

/// <summary>The lead image of an article write: only its URL is required.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ArticleImageRequest(
    [property: Description("Absolute http(s) URL of the image.")] string Url,
    [property: Description("Alternative text for readers who cannot see the image.")] string? Alt = null,
    [property: Description("Caption shown with the image.")] string? Caption = null,
    [property: Description("Photographer or agency.")] string? Credit = null)
{
    public ArticleImage ToImage() => new(Url, Alt, Caption, Credit);
}

/// <summary>Body of POST /admin/articles/{id}/publish: empty to publish now, or a time to schedule.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PublishRequest(
    [property: Description("UTC time to publish at. Omitted or past: published now (or back-dated). Future: scheduled.")] DateTimeOffset? PublishAt = null);

/// <summary>The editor's view of an article: the public detail plus its workflow state.</summary>
public sealed record AdminArticle(
    int Id,
    string Slug,
    string Title,
    string? Subtitle,
    string Excerpt,
    string Language,
    string Direction,
    CategoryRef Category,
    IReadOnlyList<TagRef> Tags,
    AuthorRef? Author,
    ArticleImage? Image,
    [property: Description("`draft`, `scheduled` (publishAt in the future) or `published`.")] string Status,
    DateTime? PublishAt,
    DateTime? PublishedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int ReadingTimeMinutes,
    int CommentCount,
    bool CommentsOpen,
    ArticleLinks Links,
    ArticleBody Content,
    [property: Description("An editor's pick (a WordPress sticky post).")] bool Featured);

public sealed record AdminArticleSummary(
    int Id, string Slug, string Title, string Status, DateTime? PublishAt, DateTime? PublishedAt, DateTime CreatedAt, DateTime UpdatedAt, CategoryRef Category);

public sealed class AdminArticleListQuery : PageQuery
{
    public static readonly string[] Statuses = ["draft", "scheduled", "published"];

    [FromQuery(Name = "status")]
    [Description("Only articles in this state: `draft`, `scheduled` or `published`. All when omitted.")]
    [AllowedValues("draft", "scheduled", "published")]
    public string? Status { get; init; }

    public const int Default = 20;

    [FromQuery(Name = "pageSize")]
    [Description("Articles per page, 1 to 100.")]
    [DefaultValue(Default)]
    public override QueryInt? PageSize { get; init; }

    protected override int DefaultPageSize => Default;
}
