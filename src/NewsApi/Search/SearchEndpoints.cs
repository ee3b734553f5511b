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

                Search stops early, as Elasticsearch does. Totals are exact up to 10,000 matches; beyond, `totalItems` is
                10000 and `totalItemsRelation` is `gte` (else `eq`). A query with more than 1,000 matches is ranked among the
                1,000 matches most recently added to the archive (the highest article ids), one with more than 10,000 among
                the 200 most recently added (more when a page reaches deeper), so a word found in most articles costs what
                a rarer one does; fewer matches are all ranked.

                Searches that reach the engine are limited per client address (`NewsApi:Search:RateLimit`, by default 60
                per 60 seconds; beyond it 429) and in how many run at once over all clients
                (`NewsApi:Search:MaxConcurrentSearches`, by default the number of processor cores). A search that finds
                them all running waits for a slot, oldest first, behind at most `NewsApi:Search:MaxQueuedSearches` others
                (by default eight per core); beyond that it is 503. Both refusals carry `Retry-After`. An answer from the
                server's cache, a 304 or a refused request costs nothing. Searches run at a lower priority than other
                requests, so under heavy load a search takes longer rather than slowing the reading of articles.
                """)
            .Validates<SearchQuery>()
            .DependsOn(_ => Articles.ArticleScopes.AllLists)
            .AdmitsSearches();

        group.MapGet("/suggest", Suggest)
            .WithName("suggestSearches")
            .WithSummary("Suggest as the reader types")
            .WithDescription("""
                Up to 10 suggestions for what a reader has typed so far (`q`, 1 to 50 characters): categories, tags and
                authors whose name, and published articles whose title, has a word starting with it. `q` may be the start
                of several words (`وزير الدف`), and is normalised exactly as search normalises (diacritics and tatweel
                removed; أ إ آ ٱ → ا, ى → ي, ة → ه; digits folded), so `الروس` suggests the article titled with
                `الروسى`; a word written with the article ال is also found without it (`روس`).

                Order (the popularity of a suggestion): first the matching categories, tags and authors, those with the
                most published articles first (at most 4 while articles fill the rest), then the matching articles,
                newest first. For a very common prefix (one or two letters, such as `ا` or `ال`) the articles are the
                newest titles among the 1,000 most recently published articles. Drafts, scheduled articles whose time has
                not come and deleted articles are never suggested. Each suggestion's `slug` leads to the article
                (`GET /api/v1/articles/{slug}`) or to the filter (`category`, `tag`, `author` of `GET /api/v1/articles`).
                Cached and revalidated like every public answer: an edit, publication or rename moves its ETag.
                """)
            .Validates<SuggestQuery>()
            .DependsOn(_ => SuggestionScopes);

        return group;
    }

    // Article titles (any public article may be suggested) and the directory's names and counts.
    private static readonly IReadOnlyList<string> SuggestionScopes = [Data.ContentScope.ListAll, Data.ContentScope.Labels, Data.ContentScope.Taxonomy];

    public static Ok<SuggestionList> Suggest([AsParameters] SuggestQuery query, SuggestionStore store) =>
        TypedResults.Ok(new SuggestionList(store.Suggest(query.Q!)));

    public static Ok<SearchHitListResponse> Search([AsParameters] SearchQuery query, SearchStore store, HttpContext context)
    {
        var page = query.ToPage();
        var order = query.Order();
        var (hits, total) = store.Search(SearchTerms.Parse(query.Q), query.ToFilter(oldestFirst: order == SearchOrder.Oldest), order, page);
        return TypedResults.Ok(SearchHitListResponse.Of(hits.ToListResponse(context, page, total.Items, ArticleFilterQuery.MaxNumberedDepth), total));
    }
}
