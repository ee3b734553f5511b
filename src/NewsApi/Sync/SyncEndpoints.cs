using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Http;

namespace NewsApi.Sync;

public static class SyncEndpoints
{
    public static RouteGroupBuilder MapSync(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/sync").WithTags("Sync");

        group.MapGet("/", GetChanges)
            .WithName("syncArticles")
            .WithSummary("Get what changed since a sync token")
            .WithDescription("""
                For apps that keep the articles offline. Without `token`, every public article comes as an `upsert`
                (the detail `GET /api/v1/articles/{slug}` answers); with the `next` of an earlier answer, only what
                changed since: articles published, edited or whose detail changed (a renamed category, tag or author, an
                approved comment's count) as upserts, articles unpublished or deleted as `delete` with their id, and
                scheduled articles when their time comes. Each article comes at most once per answer, in its latest
                state; apply the items in order. While `hasMore`, call again at once with `next`; then keep `next` and
                call with it later. Tokens are opaque and signed: an altered or foreign one is a 400. Answers carry
                `ETag` and `Cache-Control: no-cache`, so a client polling with the same token gets a 304 while nothing changed.
                """)
            .Validates<SyncQuery>()
            .RevalidatesEveryTime();

        return group;
    }

    public static Ok<SyncPage> GetChanges([AsParameters] SyncQuery query, SyncStore store, SyncTokens tokens)
    {
        // The validator has refused tokens this deployment did not write, so a present one reads.
        var after = tokens.TryRead(query.Token, out var position) ? position : SyncPosition.Start;
        var changes = store.After(after, query.Limit?.Value ?? SyncQuery.DefaultLimit);
        return TypedResults.Ok(new SyncPage(changes.Items, tokens.Write(changes.Next), changes.HasMore));
    }
}
