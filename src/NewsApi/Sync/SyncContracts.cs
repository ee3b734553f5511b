using System.ComponentModel;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Articles;
using NewsApi.Http;

namespace NewsApi.Sync;

/// <summary>One change of the sync feed, with a <c>kind</c> discriminator: an article to keep, or one to drop.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SyncUpsert), "upsert")]
[JsonDerivedType(typeof(SyncDelete), "delete")]
public abstract record SyncItem;

/// <summary>A public article, new or changed since the token: store it under its id, replacing what the client held.</summary>
public sealed record SyncUpsert(
    [property: Description("The article as `GET /api/v1/articles/{slug}` answers it now (without `related`).")] ArticleDetail Article) : SyncItem;

/// <summary>An article that is no longer public (unpublished, scheduled again for later, or deleted): drop it.</summary>
public sealed record SyncDelete(
    [property: Description("The id of the article to drop. Ids are never reused, so it never comes to name another article.")] int Id) : SyncItem;

/// <summary>The answer of GET /api/v1/sync.</summary>
public sealed record SyncPage(
    [property: Description("Changes in the order they were made, each article at most once per answer (its latest state). Apply them in order.")]
    IReadOnlyList<SyncItem> Items,
    [property: Description("Keep it, and send it as `token` next time: with `hasMore`, at once for the next page; otherwise later, to get what changed since. Opaque and signed.")]
    string Next,
    [property: Description("Whether more changes are waiting now: call again with `next` at once until it is false.")]
    bool HasMore);

/// <summary>Query parameters of GET /api/v1/sync.</summary>
public sealed class SyncQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 100;

    [FromQuery(Name = "token")]
    [Description("The `next` of the previous answer. Without it the feed starts from nothing: every public article as an upsert (and tombstones of articles that were public once). A token this API did not give out, or one altered on the way, is a 400.")]
    public string? Token { get; init; }

    [FromQuery(Name = "limit")]
    [Description("At most this many items per answer, 1 to 100.")]
    [DefaultValue(DefaultLimit)]
    public QueryInt? Limit { get; init; }
}
