using Dapper;
using NewsApi.Articles;
using NewsApi.Data;

namespace NewsApi.Sync;

/// <summary>A page of the sync feed: its items, where the client is once it has applied them, and whether more wait.</summary>
public sealed record SyncChanges(IReadOnlyList<SyncItem> Items, SyncPosition Next, bool HasMore);

/// <summary>
/// Reads the change log (<c>sync_changes</c>, migration 0011 / postgres 0007: one row per article that was ever public,
/// at the <c>content_state</c> version of its last change) after a client's position, and the articles it names, in
/// one snapshot: a row's article is served as it is in that snapshot, as an upsert while public and as a delete
/// otherwise, so an article changed twice since the client's last visit comes once, in its latest state.
/// </summary>
public sealed class SyncStore(Database database, ContentState state, PublicArticles articles)
{
    public SyncChanges After(SyncPosition after, int limit)
    {
        // Scheduled articles whose time has come are turned published first (ContentWriter.PublishDue, a write whose
        // triggers record them in the log), so the feed serves them from the moment the public routes do.
        state.Current();

        using var connection = database.OpenPublicRead();
        using var snapshot = SqlDialect.BeginSnapshot(connection);
        var now = articles.Now();
        var current = connection.ExecuteScalar<long>("SELECT version FROM content_state WHERE id = 1", transaction: snapshot);
        if (after.Version > current)
        {
            // A token from ahead of this database (restored from a backup since, or a replica behind the one that
            // answered before): changes written from here on would get versions the client believes it has seen.
            // Starting over re-sends everything, which is correct where going on could miss changes.
            after = SyncPosition.Start;
        }

        // The plain bound first, so the index range starts at the position (as the article cursor's seek does).
        const string sql = """
            SELECT article_id AS ArticleId, version AS Version
            FROM sync_changes
            WHERE version >= @Version AND (version, article_id) > (@Version, @ArticleId)
            ORDER BY version, article_id
            LIMIT @Limit
            """;
        var rows = connection.Query<ChangeRow>(sql, new { after.Version, after.ArticleId, Limit = limit + 1 }, snapshot).AsList();
        var hasMore = rows.Count > limit;
        var page = rows.Take(limit).ToList();
        var details = PublicArticles.Details(connection, snapshot, page.Select(row => (int)row.ArticleId).ToList(), now);
        snapshot.Commit();

        var items = page
            .Select(row => details.TryGetValue((int)row.ArticleId, out var article) ? (SyncItem)new SyncUpsert(article) : new SyncDelete((int)row.ArticleId))
            .ToList();
        // Read to the end: every change up to the snapshot's version is in it (versions commit in order), so the client
        // is past all of them. Never behind the token it came with (a lagging replica answers from an older snapshot).
        var next = hasMore ? new SyncPosition(page[^1].Version, page[^1].ArticleId) : SyncPosition.Max(after, SyncPosition.After(current));
        return new SyncChanges(items, next, hasMore);
    }

    private sealed class ChangeRow
    {
        public long ArticleId { get; init; }

        public long Version { get; init; }
    }
}
