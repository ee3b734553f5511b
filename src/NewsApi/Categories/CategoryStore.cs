using Dapper;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Categories;

public sealed class CategoryStore(Database database, ContentMemo memo, TimeProvider clock)
{
    // Each category paired with itself and every descendant, so counts include sub-categories, as the
    // category filter of /articles does.
    private const string WithCounts = $"""
        WITH RECURSIVE lineage(ancestor_id, id) AS (
            SELECT id, id FROM categories
            UNION ALL
            SELECT lineage.ancestor_id, child.id FROM lineage JOIN categories child ON child.parent_id = lineage.id
        ),
        counts(category_id, n) AS (
            SELECT a.category_id, count(*) FROM articles a WHERE {PublicArticles.IsPublic} GROUP BY a.category_id
        )
        SELECT c.id AS Id, c.slug AS Slug, c.name AS Name, c.description AS Description, c.parent_id AS ParentId,
               coalesce(sum(counts.n), 0) AS ArticleCount
        FROM categories c
        JOIN lineage ON lineage.ancestor_id = c.id
        LEFT JOIN counts ON counts.category_id = lineage.id
        """;

    // Like tags and authors, a category is public only while it (or a sub-category) has a published article: one
    // holding only drafts would announce them. Hidden, it answers as an unknown slug does on every public route.
    private const string PublicOnly = """
        GROUP BY c.id
        HAVING coalesce(sum(counts.n), 0) > 0
        """;

    public (IReadOnlyList<Category> Items, int Total) List(PageRequest page) => page.Of(All());

    /// <summary>Every public category, by name.</summary>
    /// <remarks>The counts read the whole archive: done once per version of the directory for all pages at once (Data/ContentMemo).</remarks>
    public IReadOnlyList<Category> All() => memo.RememberFixed("categories", Articles.ArticleScopes.Directory, () =>
    {
        const string sql = $"""
            {WithCounts}
            {PublicOnly}
            ORDER BY c.name, c.id
            """;
        using var connection = database.OpenPublicRead();
        return (IReadOnlyList<Category>)connection.Query<Row>(sql, new { Now = Now() }).Select(r => r.ToCategory()).ToList();
    });

    public Category? Find(string slug)
    {
        const string sql = $"""
            {WithCounts}
            WHERE c.slug = @Slug
            {PublicOnly}
            """;
        using var connection = database.OpenPublicRead();
        return connection.QuerySingleOrDefault<Row>(sql, new { Now = Now(), Slug = SlugInput.Canonical(slug) })?.ToCategory();
    }

    /// <summary>The category with this id while it is public (as <see cref="Find(string)"/>), or null.</summary>
    public Category? Find(int id)
    {
        const string sql = $"""
            {WithCounts}
            WHERE c.id = @Id
            {PublicOnly}
            """;
        using var connection = database.OpenPublicRead();
        return connection.QuerySingleOrDefault<Row>(sql, new { Now = Now(), Id = id })?.ToCategory();
    }

    private DateTime Now() => Timestamps.ToDb(clock.GetUtcNow());

    private sealed class Row
    {
        public int Id { get; init; }

        public string Slug { get; init; } = "";

        public string Name { get; init; } = "";

        public string? Description { get; init; }

        public int? ParentId { get; init; }

        public int ArticleCount { get; init; }

        public Category ToCategory()
        {
            var encoded = Uri.EscapeDataString(Slug);
            return new Category(Id, Slug, Name, Description, ParentId, ArticleCount,
                new CategoryLinks("/api/v1/categories/" + encoded, "/api/v1/articles?category=" + encoded));
        }
    }
}
