using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Articles;
using NewsApi.Http;

namespace NewsApi.Search;

/// <summary>
/// One search result: the article summary (the same shape as in GET /api/v1/articles, so clients reuse their
/// type) and a snippet of the article's text around the matches.
/// </summary>
/// <param name="Article">The article, as in article lists.</param>
/// <param name="Snippet">
/// About 24 words of the article's original text (body, excerpt, subtitle or title, whichever matches best) as an
/// HTML fragment: matched words wrapped in <c>&lt;mark&gt;</c>…<c>&lt;/mark&gt;</c>, every other character
/// HTML-escaped, <c>…</c> where the text was cut. Safe to insert as HTML.
/// </param>
public sealed record SearchHit(ArticleSummary Article, string Snippet);

/// <summary>
/// How many articles a search matched: exact up to <see cref="SearchIndexSql.ExactTotalLimit"/>, beyond it that limit
/// as a lower bound (the count stops there rather than reading every match of a common word).
/// </summary>
public readonly record struct SearchTotal(int Items, bool IsLowerBound)
{
    public static SearchTotal Exactly(int items) => new(items, false);

    /// <summary>The total of a count that stopped at <see cref="SearchIndexSql.ExactTotalLimit"/> + 1.</summary>
    public static SearchTotal Of(int counted) =>
        counted > SearchIndexSql.ExactTotalLimit ? new(SearchIndexSql.ExactTotalLimit, true) : Exactly(counted);

    /// <summary>The value of <c>totalItemsRelation</c>.</summary>
    public string Relation => IsLowerBound ? TotalRelation.GreaterOrEqual : TotalRelation.Equal;
}

/// <summary>
/// The values of <c>totalItemsRelation</c> on search answers, as Elasticsearch reports <c>hits.total.relation</c>.
/// </summary>
public static class TotalRelation
{
    /// <summary><c>totalItems</c> is the exact number of matches.</summary>
    public const string Equal = "eq";

    /// <summary><c>totalItems</c> is the bound (10,000): there are more matches, and counting stopped there.</summary>
    public const string GreaterOrEqual = "gte";

    public static readonly string[] All = [Equal, GreaterOrEqual];

    public const string Description = """
        `eq` when `totalItems` is the exact number of matches; `gte` when there are more than 10,000 and counting stopped
        there: `totalItems` is then 10000 and `totalPages` counts the pages within it.
        """;
}

/// <summary>
/// The answer of GET /api/v1/search: the envelope of every paged list, and whether its total is exact. Named as the
/// generic envelope of search hits was, so the schema keeps its name.
/// </summary>
public sealed record SearchHitListResponse(
    IReadOnlyList<SearchHit> Items,
    int Page,
    int PageSize,
    [property: Description("How many articles match: exact up to 10,000, else 10000 (see `totalItemsRelation`).")]
    int TotalItems,
    [property: Description("How many numbered pages there are to ask for: the pages of `pageSize` within the first 10,000 hits.")]
    int TotalPages,
    [property: Description(TotalRelation.Description)]
    string TotalItemsRelation)
{
    public static SearchHitListResponse Of(ListResponse<SearchHit> page, SearchTotal total) =>
        new(page.Items, page.Page, page.PageSize, page.TotalItems, page.TotalPages, total.Relation);
}

/// <summary>The orders of search results.</summary>
public enum SearchOrder
{
    Relevance,
    Newest,
    Oldest,
}

/// <summary>Query parameters of GET /api/v1/search.</summary>
public sealed class SearchQuery : ArticleFilterQuery
{
    [FromQuery(Name = "q")]
    [Description("""
        The words to search for, at most 200 characters; every word must match (title, subtitle, excerpt, body or tags).
        Written as a reader types: with or without diacritics, tatweel, hamza, final ى or ي, ة or ه, a prefix such as
        و ال لل بال, Arabic-Indic or ASCII digits. It is never query syntax: quotes, `*`, `AND`/`OR`/`NOT`, brackets are
        ignored or searched as words. Very common words (في, من, على …) are left out.
        """)]
    [Required]
    public string? Q { get; init; }

    [FromQuery(Name = "sort")]
    [Description("`relevance` (default: bm25 with title above body and exact spelling above a stemmed form, newest first on a tie), `newest` or `oldest` first by publication time.")]
    [DefaultValue("relevance")]
    [AllowedValues("relevance", "newest", "oldest")]
    public string? Sort { get; init; }

    public SearchOrder Order() => ParseOrder(Sort, SearchOrder.Relevance);

    public override string? SearchText() => Blank(Q);

    /// <summary>A validated <c>sort</c> value as an order; <paramref name="fallback"/> when absent.</summary>
    public static SearchOrder ParseOrder(string? sort, SearchOrder fallback) => sort?.ToUpperInvariant() switch
    {
        "NEWEST" => SearchOrder.Newest,
        "OLDEST" => SearchOrder.Oldest,
        "RELEVANCE" => SearchOrder.Relevance,
        _ => fallback,
    };
}
