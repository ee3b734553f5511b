using Dapper;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Text;

namespace NewsApi.Related;

/// <summary>Why replacing an article's curated links was refused, in the store's terms.</summary>
public enum RelatedLinksRefusal
{
    None,

    /// <summary>The article itself does not exist.</summary>
    NotFound,

    /// <summary>If-Match named an older version of the article.</summary>
    Stale,

    /// <summary>An item links the article to itself.</summary>
    LinksToItself,

    /// <summary>An item names an article that does not exist.</summary>
    UnknownTarget,
}

/// <summary>The outcome of replacing an article's curated links.</summary>
/// <param name="Links">The new list; null when refused.</param>
/// <param name="Index">The position of the refused item, for <see cref="RelatedLinksRefusal.LinksToItself"/> and <see cref="RelatedLinksRefusal.UnknownTarget"/>.</param>
/// <param name="TargetId">The article id the refused item names.</param>
/// <param name="Version">The article's version after the write, behind the ETag of the answer.</param>
public sealed record RelatedLinksWrite(
    IReadOnlyList<AdminRelatedLink>? Links, RelatedLinksRefusal Refusal = RelatedLinksRefusal.None, int? Index = null, int? TargetId = null, long Version = 0);

/// <summary>An article's curated links with the article's version (its ETag: the links are part of the article).</summary>
public sealed record RelatedLinksRead(IReadOnlyList<AdminRelatedLink> Links, long Version);

/// <summary>Editors' curated related links: an ordered list per article of internal articles and external URLs.</summary>
public sealed class RelatedLinkStore(Database database, TimeProvider clock)
{
    /// <summary>Replaces the article's list in one transaction, if <paramref name="ifMatch"/> allows (see <see cref="Http.IfMatch"/>).</summary>
    public RelatedLinksWrite Replace(int articleId, IReadOnlyList<RelatedLinkRequest> links, string? ifMatch)
    {
        var refused = database.Write(write => Save(write, articleId, links, ifMatch));
        if (refused is not null)
        {
            return refused;
        }

        var saved = List(articleId);
        return saved is null ? new RelatedLinksWrite(null, RelatedLinksRefusal.NotFound) : new RelatedLinksWrite(saved.Links, Version: saved.Version);
    }

    /// <summary>Replaces the list in the caller's transaction; the refusal, or null when saved. Safe to run again after a rollback.</summary>
    private RelatedLinksWrite? Save(WriteScope write, int articleId, IReadOnlyList<RelatedLinkRequest> links, string? ifMatch)
    {
        var (connection, transaction) = (write.Connection, write.Transaction);
        // On PostgreSQL two saves of one article's list take turns on the article's row: each then checks If-Match
        // against the version the other committed, and never inserts positions the other's delete did not see.
        connection.Execute($"SELECT id FROM articles WHERE id = @articleId{database.Engine.ForUpdate()}", new { articleId }, transaction);
        if (Admin.AdminArticleStore.Precondition(connection, transaction, articleId, ifMatch) is { } unmet)
        {
            return new RelatedLinksWrite(null, unmet.Refusal == Admin.WriteRefusal.Stale ? RelatedLinksRefusal.Stale : RelatedLinksRefusal.NotFound);
        }

        for (var i = 0; i < links.Count; i++)
        {
            if (links[i].ArticleId is not { } target)
            {
                continue;
            }

            if (target == articleId)
            {
                return new RelatedLinksWrite(null, RelatedLinksRefusal.LinksToItself, i, target);
            }

            if (connection.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE id = @target", new { target }, transaction) == 0)
            {
                return new RelatedLinksWrite(null, RelatedLinksRefusal.UnknownTarget, i, target);
            }
        }

        connection.Execute("DELETE FROM related_links WHERE article_id = @articleId", new { articleId }, transaction);
        connection.Execute("""
            INSERT INTO related_links (article_id, position, target_article_id, title, url)
            VALUES (@ArticleId, @Position, @TargetId, @Title, @Url)
            """,
            links.Select((link, position) => new
            {
                ArticleId = articleId,
                Position = position,
                TargetId = link.ArticleId,
                Title = link.ArticleId is null ? link.Title!.Trim() : null,
                Url = link.ArticleId is null ? WebUrls.Normalize(link.Url) : null,
            }),
            transaction);
        // Saving the links is an edit of the article: its updatedAt and its admin ETag move on.
        connection.Execute("UPDATE articles SET updated_at = @Now, version = version + 1 WHERE id = @articleId",
            new { articleId, Now = Timestamps.ToDb(clock.GetUtcNow()) }, transaction);
        return null;
    }

    /// <summary>The article's list in editor order, or null when the article does not exist.</summary>
    public RelatedLinksRead? List(int articleId)
    {
        var sql = $"""
            SELECT rl.target_article_id AS TargetId, coalesce(rl.title, a.title) AS Title, rl.url AS Url,
                   CASE WHEN a.id IS NOT NULL AND {PublicArticles.IsPublic} THEN 1 ELSE 0 END AS Visible
            FROM related_links rl LEFT JOIN articles a ON a.id = rl.target_article_id
            WHERE rl.article_id = @articleId
            ORDER BY rl.position
            """;
        using var connection = database.Open();
        if (connection.QuerySingleOrDefault<long?>("SELECT version FROM articles WHERE id = @articleId", new { articleId }) is not { } version)
        {
            return null;
        }

        var links = connection.Query<(int? TargetId, string Title, string? Url, bool Visible)>(sql, new { articleId, Now = Timestamps.ToDb(clock.GetUtcNow()) })
            .Select(r => new AdminRelatedLink(r.TargetId is null ? "link" : "article", r.TargetId, r.Title, r.Url, r.TargetId is null || r.Visible))
            .ToList();
        return new RelatedLinksRead(links, version);
    }
}
