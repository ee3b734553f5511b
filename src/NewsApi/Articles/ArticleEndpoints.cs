using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Http;
using NewsApi.Related;
using NewsApi.Search;

namespace NewsApi.Articles;

public static class ArticleEndpoints
{
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/articles").WithTags("Articles");

        group.MapGet("/", ListArticles)
            .WithName("listArticles")
            .WithSummary("List published articles")
            .WithDescription("""
                Published articles, newest first by default, as summaries (no body). Filters combine with AND:
                `category` (includes its sub-categories), `tag`, `author`, a publication window `from`/`to`, and
                `featured` (editors' picks, such as imported WordPress sticky posts).
                With `q`, only articles matching the search words, by the engine of GET /api/v1/search (ranked by
                relevance unless `sort` says otherwise; no snippets here: use /search for highlighted hits), under the
                same limits (429 past the client's searches per window, 503 while too many searches run).
                Paged with `page`/`pageSize`; the `Link` header carries first/prev/next/last and `X-Total-Count` the total.
                For feeds and infinite scroll, page by `cursor` instead: each answer's `nextCursor` fetches what follows,
                as fast on the 5,000th page as on the first and without repeats when articles are published meanwhile.
                Drafts, scheduled articles whose time has not come, and deleted articles never appear.
                """)
            .Validates<ArticleListQuery>()
            .AdmitsSearches()
            .DependsOn(ListScopes);

        group.MapGet("/{slug}", GetArticleBySlug)
            .WithName("getArticle")
            .WithSummary("Get a published article by slug or id")
            .WithDescription("""
                One published article with its full content. Slugs are Unicode (Arabic letters kept), so send them as is
                or percent-encoded: `/api/v1/articles/رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى` and
                `/api/v1/articles/%D8%B1%D8%A6%D9%8A%D8%B3-...` are the same article. A former slug of a renamed article
                still resolves. A value made only of digits is the article's numeric id (`/api/v1/articles/1`); slugs are never only digits.
                With `include=related` the answer also carries `related`, the article's related items (see `getRelatedArticles`),
                so a client gets the story and its "related articles" block in one request.
                """)
            .Validates<ArticleDetailQuery>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DependsOn(context => context.RequestServices.GetRequiredService<ArticleScopes>().OfArticle(
                (string)context.GetRouteValue("slug")!, context.Request.Query["include"].ToString().Contains("related", StringComparison.Ordinal)));

        return group;
    }

    /// <summary>A list with <c>q</c> is a search (any article may match); otherwise its filters say which lists it is.</summary>
    private static IReadOnlyList<string> ListScopes(HttpContext context)
    {
        var query = context.Request.Query;
        return !string.IsNullOrWhiteSpace(query["q"])
            ? ArticleScopes.AllLists
            : context.RequestServices.GetRequiredService<ArticleScopes>().OfList(Value(query["category"]), Value(query["tag"]), Value(query["author"]));

        static string? Value(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values.ToString();
    }

    public static Ok<ArticleListResponse> ListArticles([AsParameters] ArticleListQuery query, ArticleStore store, SearchStore search, HttpContext context)
    {
        var page = query.ToPage();
        if (query.SearchText() is { } text)
        {
            var order = SearchQuery.ParseOrder(query.Sort, SearchOrder.Relevance);
            var (found, matching) = search.SearchArticles(SearchTerms.Parse(text), query.ToFilter(order == SearchOrder.Oldest) with { Featured = query.FeaturedOnly }, order, page);
            return TypedResults.Ok(ArticleListResponse.Paged(found.ToListResponse(context, page, matching.Items, ArticleFilterQuery.MaxNumberedDepth), nextCursor: null) with
            {
                TotalItemsRelation = matching.Relation,
            });
        }

        // The validator has refused cursors this API did not make, so a present one decodes.
        ArticleCursor? after = ArticleCursor.TryDecode(query.Cursor, out var cursor) ? cursor : null;
        var oldestFirst = after?.OldestFirst ?? string.Equals(query.Sort, "oldest", StringComparison.OrdinalIgnoreCase);
        var filter = query.ToFilter(oldestFirst) with { Featured = query.FeaturedOnly };
        if (query.IsKeyset)
        {
            // One more than asked tells whether a next page exists, without counting.
            var items = store.ListAfter(filter, after, page.PageSize + 1);
            var shown = items.Take(page.PageSize).ToList();
            var next = items.Count > page.PageSize ? ArticleCursor.After(shown[^1], oldestFirst).Encode() : null;
            context.Response.Headers.Link = Paging.CursorLinks(context.Request, next);
            return TypedResults.Ok(ArticleListResponse.Keyset(shown, page.PageSize, next));
        }

        // A numbered page carries the cursor after its last item too, so a client can switch to keyset paging from it.
        var (summaries, total) = store.List(filter, page);
        var nextCursor = summaries.Count > 0 && page.Offset + summaries.Count < total ? ArticleCursor.After(summaries[^1], oldestFirst).Encode() : null;
        return TypedResults.Ok(ArticleListResponse.Paged(summaries.ToListResponse(context, page, total, ArticleFilterQuery.MaxNumberedDepth), nextCursor));
    }

    public static async Task<Results<Ok<ArticleDetail>, ProblemHttpResult>> GetArticleBySlug(
        [Description("The article's slug, as is or percent-encoded (e.g. `رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى`), or its numeric id.")] string slug,
        [AsParameters] ArticleDetailQuery query,
        PublicArticles articles,
        RelatedStore related)
    {
        if (await articles.FindAsync(slug) is not ({ } resolved, { } article))
        {
            return Problems.NotFound(Messages.ArticleNotFound(slug));
        }

        if (query.WantsRelated)
        {
            article = article with { Related = related.Related(RelatedSource.Of(resolved), RelatedQuery.DefaultLimit) };
        }

        return TypedResults.Ok(article);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
