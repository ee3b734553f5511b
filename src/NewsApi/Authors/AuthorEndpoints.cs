using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Http;

namespace NewsApi.Authors;

public sealed record AuthorLinks(string Articles);

public sealed record Author(string Slug, string Name, string? Bio, int ArticleCount, AuthorLinks Links);

public sealed class AuthorStore(Database database, ContentMemo memo, TimeProvider clock)
{
    public (IReadOnlyList<Author> Items, int Total) List(PageRequest page)
    {
        // Authors with at least one public article, most prolific first.
        const string sql = $"""
            SELECT au.slug AS Slug, au.name AS Name, au.bio AS Bio, count(*) AS ArticleCount, count(*) OVER () AS Total
            FROM authors au
            JOIN articles a ON a.author_id = au.id AND {PublicArticles.IsPublic}
            GROUP BY au.id
            ORDER BY count(*) DESC, au.name, au.id
            LIMIT @Limit OFFSET @Offset
            """;
        // Counting every author's articles reads the whole archive: done once per content version (Data/ContentMemo).
        return memo.Remember($"authors:{page.Page}:{page.PageSize}", Articles.ArticleScopes.Directory, () =>
        {
            using var connection = database.OpenPublicRead();
            var rows = connection.Query<(string Slug, string Name, string? Bio, int ArticleCount, int Total)>(
                sql, new { Now = Timestamps.ToDb(clock.GetUtcNow()), Limit = page.PageSize, page.Offset }).AsList();
            var total = rows.Count > 0 ? rows[0].Total : CountAll(connection);
            IReadOnlyList<Author> items = rows
                .Select(r => new Author(r.Slug, r.Name, r.Bio, r.ArticleCount, new AuthorLinks("/api/v1/articles?author=" + Uri.EscapeDataString(r.Slug))))
                .ToList();
            return (items, total);
        });
    }

    private int CountAll(System.Data.Common.DbConnection connection) => connection.ExecuteScalar<int>(
        $"SELECT count(DISTINCT a.author_id) FROM articles a WHERE {PublicArticles.IsPublic} AND a.author_id IS NOT NULL",
        new { Now = Timestamps.ToDb(clock.GetUtcNow()) });
}

public static class AuthorEndpoints
{
    public static RouteHandlerBuilder MapAuthors(this IEndpointRouteBuilder api) =>
        api.MapGet("/authors", ListAuthors)
            .WithTags("Authors")
            .WithName("listAuthors")
            .WithSummary("List authors")
            .WithDescription("Authors with at least one published article, most prolific first, with `articleCount`. Default `pageSize` 20.")
            .Validates<ListPageQuery>()
            .DependsOn(_ => Articles.ArticleScopes.Directory);

    public static Ok<ListResponse<Author>> ListAuthors([AsParameters] ListPageQuery query, AuthorStore store, HttpContext context)
    {
        var page = query.ToRequest();
        var (items, total) = store.List(page);
        return TypedResults.Ok(items.ToListResponse(context, page, total));
    }
}
