using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Articles;

public sealed record CategoryRef(int Id, string Slug, string Name);

public sealed record TagRef(string Slug, string Name);

public sealed record AuthorRef(string Slug, string Name);

public sealed record ArticleImage(string Url, string? Alt, string? Caption, string? Credit);

/// <summary>Relative links to the article and its sub-resources (percent-encoded slugs).</summary>
public sealed record ArticleLinks(string Self, string Comments, string Related);

public sealed record ArticleSummary(
    int Id,
    string Slug,
    string Title,
    string Excerpt,
    string Language,
    string Direction,
    CategoryRef Category,
    IReadOnlyList<TagRef> Tags,
    AuthorRef? Author,
    ArticleImage? Image,
    DateTime PublishedAt,
    DateTime UpdatedAt,
    int ReadingTimeMinutes,
    int CommentCount,
    bool CommentsOpen,
    ArticleLinks Links,
    [property: Description("An editor's pick (a WordPress sticky post): front ends may pin it; `GET /api/v1/articles?featured=true` lists these.")]
    bool Featured);

/// <summary>The article body twice: sanitised HTML for web views, and the same content as blocks for native clients.</summary>
public sealed record ArticleBody(
    string Html,
    [property: Description("The body as blocks, in reading order: `paragraph`, `heading`, `image`, `quote`, `list`, `table`, `definitions`, `address`, `embed`, `separator`. Skip a type you do not know: more may be added. Block text is plain: deleted or struck text (`del`, `s`) is left out and an inline quotation (`q`) is put in quotation marks; `html` keeps both.")]
    IReadOnlyList<ContentBlock> Blocks,
    int WordCount);

public sealed record ArticleDetail(
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
    DateTime PublishedAt,
    DateTime UpdatedAt,
    int ReadingTimeMinutes,
    int CommentCount,
    bool CommentsOpen,
    ArticleLinks Links,
    ArticleBody Content,
    [property: Description("An editor's pick (a WordPress sticky post): front ends may pin it; `GET /api/v1/articles?featured=true` lists these.")]
    bool Featured,
    [property: Description("Only with `include=related`: the related items (curated links, then computed related articles), as `GET /articles/{slug}/related` answers them with its default limit. Absent otherwise.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<Related.RelatedItem>? Related = null);

/// <summary>Query parameters of GET /api/v1/articles/{slug} and /articles/{id}.</summary>
public sealed class ArticleDetailQuery
{
    public const string IncludeRelated = "related";

    [FromQuery(Name = "include")]
    [Description("`related` adds `related`, the article's related items, to the answer, so a client gets the story and its \"related articles\" block in one request.")]
    [AllowedValues(IncludeRelated)]
    public string? Include { get; init; }

    public bool WantsRelated => string.Equals(Include?.Trim(), IncludeRelated, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Filters and paging shared by GET /api/v1/articles and GET /api/v1/search.</summary>
public abstract class ArticleFilterQuery
{
    /// <summary>How far numbered pages reach: page × pageSize at most this; deeper is for <c>cursor</c>.</summary>
    public const int MaxNumberedDepth = 10_000;

    public const int DefaultPageSize = 20;

    [FromQuery(Name = "page")]
    [Description("Page number, from 1. Pages past the last one answer an empty `items` list. Numbered pages reach the first 10,000 articles or search hits (`page` × `pageSize` at most 10,000, else 400; `totalPages` and the `Link` header stop there too); a list goes deeper by `cursor`, a search by narrowing it.")]
    [DefaultValue(1)]
    public QueryInt? Page { get; init; }

    [FromQuery(Name = "pageSize")]
    [Description("Articles per page, 1 to 100.")]
    [DefaultValue(DefaultPageSize)]
    public QueryInt? PageSize { get; init; }

    [FromQuery(Name = "category")]
    [Description("Category slug (Arabic slugs may be sent as is or percent-encoded). Articles of its sub-categories are included. An unknown slug gives an empty list.")]
    public string? Category { get; init; }

    [FromQuery(Name = "tag")]
    [Description("Tag slug.")]
    public string? Tag { get; init; }

    [FromQuery(Name = "author")]
    [Description("Author slug.")]
    public string? Author { get; init; }

    [FromQuery(Name = "from")]
    [Description("Published at or after this ISO-8601 date (`2024-11-01`, a whole UTC day) or date-time (`2024-11-01T08:00:00Z`).")]
    public QueryDate? From { get; init; }

    [FromQuery(Name = "to")]
    [Description("Published at or before this ISO-8601 date (the whole UTC day is included) or date-time.")]
    public QueryDate? To { get; init; }

    public PageRequest ToPage() => new(Page?.Value ?? 1, PageSize?.Value ?? DefaultPageSize);

    /// <summary>The words to search for, or null when this request does not search.</summary>
    public abstract string? SearchText();

    public ArticleFilter ToFilter(bool oldestFirst) =>
        new(Blank(Category), Blank(Tag), Blank(Author), From?.Start, To?.EndExclusive, oldestFirst);

    protected static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>Query parameters of GET /api/v1/articles.</summary>
public sealed class ArticleListQuery : ArticleFilterQuery
{
    [FromQuery(Name = "q")]
    [Description("Search words (at most 200 characters), matched as GET /api/v1/search matches them: Arabic spellings folded (ى/ي, ة/ه, hamza forms, diacritics, tatweel, prefixes such as و ال لل بال), every word required. Empty means no search.")]
    public string? Q { get; init; }

    [FromQuery(Name = "sort")]
    [Description("`newest` (default without `q`) or `oldest` first, by publication time; `relevance` (default with `q`, allowed only with `q`).")]
    [AllowedValues("newest", "oldest", "relevance")]
    public string? Sort { get; init; }

    [FromQuery(Name = "cursor")]
    [Description("""
        Keyset paging: the `nextCursor` of the previous answer, to get the articles after it in the same order, with the
        same filters sent again (the `Link` header's `next` does this). Every page then costs what the first does, however
        deep, and articles published meanwhile neither shift nor repeat the pages that follow. The answer carries
        `nextCursor` instead of page counts. Not with `page` or `q`; `sort` may be sent but must match the cursor's.
        """)]
    public string? Cursor { get; init; }

    public override string? SearchText() => Blank(Q);

    public bool IsKeyset => Cursor is not null;

    [FromQuery(Name = "featured")]
    [Description("`true`: only editors' picks (WordPress sticky posts); `false`: only the other articles. Both when omitted.")]
    [AllowedValues("true", "false")]
    public string? Featured { get; init; }

    /// <summary>The featured filter, once the validator has accepted the value.</summary>
    public bool? FeaturedOnly => bool.TryParse(Featured?.Trim(), out var featured) ? featured : null;
}

/// <summary>
/// The answer of GET /api/v1/articles: a page of summaries, with page counts when paged by number and without them
/// when paged by cursor (counting every match is what keyset paging avoids).
/// </summary>
public sealed record ArticleListResponse(
    IReadOnlyList<ArticleSummary> Items,
    [property: Description("The page number. Absent when paging by `cursor`.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    int? Page,
    int PageSize,
    [property: Description("How many articles match in all. Absent when paging by `cursor`.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    int? TotalItems,
    [property: Description("How many numbered pages there are to ask for: the pages of `pageSize` within the first 10,000 articles (deeper, page by `cursor`). Absent when paging by `cursor`.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    int? TotalPages,
    [property: Description("Send as `cursor` to get the articles that follow this page; null on the last page and with `q` (search results page by number).")]
    string? NextCursor,
    [property: Description("Only with `q`: " + Search.TotalRelation.Description + " Absent otherwise (list totals are exact).")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? TotalItemsRelation = null)
{
    public static ArticleListResponse Paged(ListResponse<ArticleSummary> page, string? nextCursor) =>
        new(page.Items, page.Page, page.PageSize, page.TotalItems, page.TotalPages, nextCursor);

    public static ArticleListResponse Keyset(IReadOnlyList<ArticleSummary> items, int pageSize, string? nextCursor) =>
        new(items, null, pageSize, null, null, nextCursor);
}
