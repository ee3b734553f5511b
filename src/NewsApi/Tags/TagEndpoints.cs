using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Http;

namespace NewsApi.Tags;

public sealed record TagLinks(string Articles);

public sealed record Tag(string Slug, string Name, int ArticleCount, TagLinks Links);

public sealed class TagStore(Database database, ContentMemo memo, TimeProvider clock)
{
    // Only tags with at least one public article: a tag used only by a draft would announce the draft.
    private const string PublicTags = $"""
        FROM tags t
        JOIN article_tags at ON at.tag_id = t.id
        JOIN articles a ON a.id = at.article_id AND {PublicArticles.IsPublic}
        """;

    public (IReadOnlyList<Tag> Items, int Total) List(PageRequest page) => page.Of(All());

    /// <summary>Every public tag, most used first.</summary>
    /// <remarks>
    /// Counting every tag's articles reads every tag row of the public archive: done once per version of the directory
    /// for all pages at once, which are then cut from it in memory (the directory is small beside the archive). The rows
    /// are counted here rather than by GROUP BY: SQLite sorts them first, and at a million articles its in-memory sorter
    /// took 5 s over the 2.5 million rows that this loop counts in under one.
    /// </remarks>
    public IReadOnlyList<Tag> All() => memo.RememberFixed("tags", Articles.ArticleScopes.Directory, () =>
    {
        const string rowsSql = $"SELECT at.tag_id FROM articles a JOIN article_tags at ON at.article_id = a.id WHERE {PublicArticles.IsPublic}";
        using var connection = database.OpenPublicRead();
        var counts = new Dictionary<int, int>();
        foreach (var tagId in connection.Query<int>(rowsSql, new { Now = Timestamps.ToDb(clock.GetUtcNow()) }, buffered: false))
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, tagId, out _)++;
        }

        return (IReadOnlyList<Tag>)connection.Query<(int Id, string Slug, string Name)>("SELECT id, slug, name FROM tags")
            .Where(t => counts.ContainsKey(t.Id))
            .OrderByDescending(t => counts[t.Id]).ThenBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Id)
            .Select(t => new Tag(t.Slug, t.Name, counts[t.Id], LinksFor(t.Slug)))
            .ToList();
    });

    /// <summary>The tag with this id while it is public (it has a public article), or null.</summary>
    public Tag? Find(long id)
    {
        const string sql = $"""
            SELECT t.slug AS Slug, t.name AS Name, count(*) AS ArticleCount
            {PublicTags}
            WHERE t.id = @Id
            GROUP BY t.id, t.slug, t.name
            """;
        using var connection = database.OpenPublicRead();
        return connection.Query<(string Slug, string Name, int ArticleCount)>(sql, new { Id = id, Now = Timestamps.ToDb(clock.GetUtcNow()) })
            .Select(t => new Tag(t.Slug, t.Name, t.ArticleCount, LinksFor(t.Slug)))
            .FirstOrDefault();
    }

    /// <summary>A tag's public page: the list of its articles.</summary>
    public static TagLinks LinksFor(string slug) => new("/api/v1/articles?tag=" + Uri.EscapeDataString(slug));
}

public static class TagEndpoints
{
    public static RouteHandlerBuilder MapTags(this IEndpointRouteBuilder api) =>
        api.MapGet("/tags", ListTags)
            .WithTags("Tags")
            .WithName("listTags")
            .WithSummary("List tags")
            .WithDescription("Tags that have at least one published article, most used first, with `articleCount`. Default `pageSize` 20.")
            .Validates<ListPageQuery>()
            .DependsOn(_ => Articles.ArticleScopes.Directory);

    public static Ok<ListResponse<Tag>> ListTags([AsParameters] ListPageQuery query, TagStore store, HttpContext context)
    {
        var page = query.ToRequest();
        var (items, total) = store.List(page);
        return TypedResults.Ok(items.ToListResponse(context, page, total));
    }
}
