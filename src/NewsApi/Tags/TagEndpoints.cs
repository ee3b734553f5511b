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

    public (IReadOnlyList<Tag> Items, int Total) List(PageRequest page)
    {
        const string countSql = $"SELECT count(DISTINCT t.id) {PublicTags}";
        const string sql = $"""
            SELECT t.slug AS Slug, t.name AS Name, count(*) AS ArticleCount
            {PublicTags}
            GROUP BY t.id
            ORDER BY count(*) DESC, t.name, t.id
            LIMIT @Limit OFFSET @Offset
            """;
        // Counting every tag's articles joins every tag row of the archive: done once per content version.
        return memo.Remember($"tags:{page.Page}:{page.PageSize}", Articles.ArticleScopes.Directory, () =>
        {
            var parameters = new { Now = Timestamps.ToDb(clock.GetUtcNow()), Limit = page.PageSize, page.Offset };
            using var connection = database.OpenPublicRead();
            var total = connection.ExecuteScalar<int>(countSql, parameters);
            IReadOnlyList<Tag> items = connection.Query<(string Slug, string Name, int ArticleCount)>(sql, parameters)
                .Select(t => new Tag(t.Slug, t.Name, t.ArticleCount, LinksFor(t.Slug)))
                .ToList();
            return (items, total);
        });
    }

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
