using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Admin;
using NewsApi.Http;

namespace NewsApi.Related;

public static class RelatedEndpoints
{
    /// <summary>How related items are chosen; part of the OpenAPI descriptions of every route that returns them.</summary>
    public const string Scoring = """
        Curated links come first, in the editor's order: internal articles (`reason: "curated"`) only while that article
        is published, and external links as `{ "kind": "link", "title", "url" }`. Computed related articles follow,
        scored on: **3 points per shared tag**; **2 points for the same category**, or **1 point for its parent, a
        sub-category or a sibling category**; **1 point per shared significant word** of title and body (2 when both
        titles have it). Words are compared after Arabic normalisation (tashkeel and tatweel removed; أ إ آ → ا,
        ى → ي, ة → ه; the prefix ال and its compounds وال بال كال فال لل removed) with stop-words dropped; an
        article's significant words are its title's and its body's 15 most frequent, and the 12 rarest of them across
        the archive that another article shares are the ones compared. Higher score first, then the more
        recently published, then the higher id: the order is deterministic. `reason` names the signal that weighed most
        (`tags`, then `category`, then `text` on a tie). The article itself, unpublished articles and duplicates never
        appear. Candidates are read from indexes (the 200 most recent articles per shared tag, word and category), so
        the cost does not grow with the archive.
        """;

    public static RouteGroupBuilder MapRelated(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/articles").WithTags("Related");

        group.MapGet("/{slug}/related", GetRelatedBySlug)
            .WithName("getRelatedArticles")
            .WithSummary("Related items of an article")
            .WithDescription("""
                The "related articles" block (مقالات ذات صلة) of a published article, by its slug (as is or percent-encoded;
                a former slug still resolves) or by its numeric id (a value made only of digits).


                """ + Scoring)
            .Validates<RelatedQuery>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DependsOn(context => context.RequestServices.GetRequiredService<Articles.ArticleScopes>().OfRelated((string)context.GetRouteValue("slug")!));

        return group;
    }

    public static RouteGroupBuilder MapRelatedLinksAdmin(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/articles").WithTags("Admin: articles").RequireAuthorization(ApiKeyStore.ContentWrite);

        group.MapGet("/{id:int}/related-links", GetRelatedLinks)
            .WithName("adminGetRelatedLinks")
            .WithSummary("Get an article's curated related links")
            .WithDescription("The editor's ordered list, with `visible: false` on internal articles the public route currently skips. The `ETag` is the article's: the list is part of it.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{id:int}/related-links", ReplaceRelatedLinks)
            .WithName("adminReplaceRelatedLinks")
            .WithSummary("Replace an article's curated related links")
            .WithDescription("""
                Replaces the ordered list shown first in the article's related items: at most 10 items, each either
                `{ "articleId": 12 }` (an article of this site, in any state; it is shown only while published) or
                `{ "title": "…", "url": "https://…" }` (an external http or https page). `[]` clears the list. An item with
                both forms or neither, a duplicate, an article id that names nothing or the article itself is refused
                with a validation problem naming the item (`[2].articleId`). Answers the new list. Saving it is an edit of the
                article: with `If-Match`, 412 when the article changed since that ETag; the answer carries the new one.
                """)
            .Validates<RelatedLinkRequest[]>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return group;
    }

    public static Results<Ok<RelatedList>, ProblemHttpResult> GetRelatedBySlug(
        [Description("The article's slug, as is or percent-encoded (e.g. `رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى`), or its numeric id.")] string slug,
        [AsParameters] RelatedQuery query,
        RelatedStore store) =>
        Answer(store, store.Find(slug), slug, query);

    private static Results<Ok<RelatedList>, ProblemHttpResult> Answer(RelatedStore store, RelatedSource? source, string key, RelatedQuery query) =>
        source is null
            ? Problems.NotFound(Messages.ArticleNotFound(key))
            : TypedResults.Ok(new RelatedList(store.Related(source, query.Limit?.Value ?? RelatedQuery.DefaultLimit)));

    public static Results<Ok<IReadOnlyList<AdminRelatedLink>>, ProblemHttpResult> GetRelatedLinks(
        [Description("Article id.")] int id, RelatedLinkStore store, HttpContext context)
    {
        if (store.List(id) is not { } read)
        {
            return Problems.NotFound(Messages.AdminArticleNotFound(id));
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(read.Version);
        return TypedResults.Ok(read.Links);
    }

    public static Results<Ok<IReadOnlyList<AdminRelatedLink>>, ProblemHttpResult> ReplaceRelatedLinks(
        [Description("Article id.")] int id,
        [Description("The new ordered list (at most 10 items).")] RelatedLinkRequest[] links,
        [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch,
        RelatedLinkStore store,
        HttpContext context)
    {
        var result = store.Replace(id, links, ifMatch);
        if (result.Links is not { } saved)
        {
            // The one place a refused links write becomes HTTP.
            var field = $"[{result.Index}].articleId";
            return result.Refusal switch
            {
                RelatedLinksRefusal.Stale => Problems.Status(StatusCodes.Status412PreconditionFailed, Messages.IfMatchStale),
                RelatedLinksRefusal.LinksToItself => Problems.FieldError(field, RelatedMessages.Self),
                RelatedLinksRefusal.UnknownTarget => Problems.FieldError(field, Messages.AdminArticleNotFound(result.TargetId!.Value)),
                _ => Problems.NotFound(Messages.AdminArticleNotFound(id)),
            };
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(result.Version);
        return TypedResults.Ok(saved);
    }
}
