using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Http;

namespace NewsApi.Redirects;

public static class RedirectEndpoints
{
    public static RouteHandlerBuilder MapRedirects(this IEndpointRouteBuilder api) =>
        api.MapGet("/redirects", FindRedirect)
            .WithTags("Redirects")
            .WithName("findRedirect")
            .WithSummary("Find where an old (WordPress) address leads now")
            .WithDescription("""
                For a front end to call when it is about to answer 404: whether the address was one the site answered on
                before it moved to NewsApi, and where that content is now. `import` records, for every WordPress post, its
                permalink (`<link>`), its short link `/?p=ID` and its guid when that is an address on the site; for its
                category, `/category/parent/child/` (and `/category/child/`); for its tags, `/tag/slug/`. Category and tag
                archives are assumed at WordPress's default bases, since an export does not say which bases the site used.

                The answer names the article, category or tag under its current slug (an editor's later rename is
                followed), with `location`, its address in this API: redirect the reader (301) to the page the front end
                shows for it. Only public content is found: an address of a draft, an unpublished or deleted article, or a
                category or tag with no published article is a 404, exactly as an address never recorded.

                `path` matches with its Arabic percent-encoded (upper- or lower-case hex) or not, with or without the
                trailing slash, as a path or as the whole URL (scheme and host are ignored); the fragment and campaign
                parameters (`utm_*`, `fbclid`, `gclid`) are ignored, other query parameters are part of the address.
                Cached like every public read: the answer's `ETag` moves when its target is published, unpublished,
                renamed or deleted.
                """)
            .Validates<RedirectQuery>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DependsOn(context => context.RequestServices.GetRequiredService<RedirectStore>().ScopesOf(context.Request.Query["path"].ToString()));

    public static Results<Ok<RedirectTarget>, ProblemHttpResult> FindRedirect([AsParameters] RedirectQuery query, RedirectStore store) =>
        store.Find(query.Path!) is { } target ? TypedResults.Ok(target) : Problems.NotFound(RedirectMessages.NotFound(query.Path!));
}
