using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Articles;
using NewsApi.Http;

namespace NewsApi.Search;

public static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearch(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/search").WithTags("Search");

        group.MapGet("/", Search)
            .WithName("listSearchResults")
            .WithSummary("Search published articles")
            .WithDescription("""
                Full-text search over the title, subtitle, excerpt, body and tags of published articles, Arabic-first:
                the query and the articles are normalised alike (diacritics and tatweel removed; أ إ آ ٱ → ا, ى → ي,
                ة → ه, ؤ → و, ئ → ي; Arabic-Indic digits → ASCII; Latin lower-cased) and lightly stemmed (prefixes
                ال و وال بال كال فال لل and common suffixes), so `الروسي` finds `الروسى`, `محمد` finds `مُحَمَّدٌ` and
                `الدفاع` finds `والدفاع` and `للدفاع`. Every word of `q` must match; very common words are left out.
                `q` is never query syntax: quotes, `*`, `AND`/`OR`/`NOT`/`NEAR` and brackets are plain text.

                Ranked by relevance (bm25: title above subtitle, excerpt and tags, above body; exact spelling above a
                stemmed form; newest first on a tie) unless `sort` says otherwise. The filters and paging are those of
                GET /api/v1/articles. Each hit is the article summary plus a `snippet`: an HTML fragment of the original
                text with the matched words in `<mark>`…`</mark>` and everything else escaped.
                Drafts, scheduled articles whose time has not come, and deleted articles are never found.

                Searches that reach the engine are limited per client address (`NewsApi:Search:RateLimit`, by default 60
                per 60 seconds; beyond it 429) and in how many run at once over all clients
                (`NewsApi:Search:MaxConcurrentSearches`, by default the number of processor cores; beyond it 503), both
                with `Retry-After`. An answer from the server's cache, a 304 or a refused request costs nothing.
                """)
            .Validates<SearchQuery>()
            .DependsOn(_ => Articles.ArticleScopes.AllLists)
            .AdmitsSearches();

        return group;
    }

    public static Ok<ListResponse<SearchHit>> Search([AsParameters] SearchQuery query, SearchStore store, HttpContext context)
    {
        var page = query.ToPage();
        var order = query.Order();
        var (hits, total) = store.Search(SearchTerms.Parse(query.Q), query.ToFilter(oldestFirst: order == SearchOrder.Oldest), order, page);
        return TypedResults.Ok(hits.ToListResponse(context, page, total, ArticleFilterQuery.MaxNumberedDepth));
    }
}
