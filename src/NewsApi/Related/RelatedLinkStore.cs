using Dapper;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Text;

namespace NewsApi.Related;

/// <summary>The outcome of replacing an article's curated links.</summary>
/// <param name="Links">The new list; null when refused.</param>
/// <param name="ArticleFound">False when the article itself does not exist (404).</param>
/// <param name="Field">The item field that names no article or the article itself (400), e.g. <c>[2].articleId</c>.</param>
/// <param name="Detail">Why that field was refused.</param>
/// <param name="Stale">True when If-Match named an older version of the article (412).</param>
/// <param name="Version">The article's version after the write, behind the ETag of the answer.</param>
public sealed record RelatedLinksWrite(
    IReadOnlyList<AdminRelatedLink>? Links, bool ArticleFound, string? Field = null, string? Detail = null, bool Stale = false, long Version = 0);

/// <summary>An article's curated links with the article's version (its ETag: the links are part of the article).</summary>
public sealed record RelatedLinksRead(IReadOnlyList<AdminRelatedLink> Links, long Version);

/// <summary>Editors' curated related links: an ordered list per article of internal articles and external URLs.</summary>
public sealed class RelatedLinkStore(Database database, TimeProvider clock)
{
    /// <summary>Replaces the article's list in one transaction, if <paramref name="ifMatch"/> allows (see <see cref="Http.IfMatch"/>).</summary>
    public RelatedLinksWrite Replace(int articleId, IReadOnlyList<RelatedLinkRequest> links, string? ifMatch)
    {
        using var write = database.BeginWrite();
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (Admin.AdminArticleStore.Precondition(connection, transaction, articleId, ifMatch) is { } unmet)
        {
            return new RelatedLinksWrite(null, unmet.Refusal != Admin.WriteRefusal.NotFound, Stale: unmet.Refusal == Admin.WriteRefusal.Stale);
        }

        for (var i = 0; i < links.Count; i++)
        {
            if (links[i].ArticleId is not { } target)
            {
                continue;
            }

            if (target == articleId)
            {
                return new RelatedLinksWrite(null, true, $"[{i}].articleId", RelatedMessages.Self);
            }

            if (connection.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE id = @target", new { target }, transaction) == 0)
            {
                return new RelatedLinksWrite(null, true, $"[{i}].articleId", Http.Messages.AdminArticleNotFound(target));
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
        transaction.Commit();
        var saved = List(articleId);
        return new RelatedLinksWrite(saved?.Links, true, Version: saved?.Version ?? 0);
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
