using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using NewsApi.Data;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Articles;

/// <param name="Featured">True: only editors' picks; false: only the others; null: both.</param>
public sealed record ArticleFilter(string? Category, string? Tag, string? Author, DateTimeOffset? From, DateTimeOffset? ToExclusive, bool OldestFirst, bool? Featured = null);

/// <summary>
/// Lists of public articles (by page or after a cursor) and the filters they share with search. What "public" means,
/// how a key names an article and how one is read belong to <see cref="PublicArticles"/>.
/// </summary>
public sealed class ArticleStore(Database database, ContentMemo memo, PublicArticles publicArticles, ArticleScopes scopes)
{
    /// <summary>A page by number, with the count of every match.</summary>
    public (IReadOnlyList<ArticleSummary> Items, int Total) List(ArticleFilter filter, PageRequest page)
    {
        var matches = Matching(filter);
        var where = $"WHERE {matches.Sql}";
        var parameters = matches.Parameters;
        parameters.Add("Limit", page.PageSize);
        parameters.Add("Offset", page.Offset);

        using var connection = database.OpenPublicRead();
        var total = Count(connection, null, filter, matches);
        var ids = connection.Query<int>($"SELECT a.id FROM articles a {where} ORDER BY {Order(filter)} LIMIT @Limit OFFSET @Offset", parameters).AsList();
        return (PublicArticles.Summaries(connection, ids, matches.Now), total);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> articles after <paramref name="after"/> in its order (from the start when null):
    /// a seek in the publication index, so a deep position costs what the first page does.
    /// </summary>
    public IReadOnlyList<ArticleSummary> ListAfter(ArticleFilter filter, ArticleCursor? after, int limit)
    {
        var matches = Matching(filter);
        var parameters = matches.Parameters;
        parameters.Add("Limit", limit);
        var seek = "";
        if (after is { } cursor)
        {
            // Row values compare (published_at, id) as a pair, matching the ORDER BY, so ties in time are split by id.
            // The plain bound on published_at comes first: the planner starts its index range at the first bound it
            // meets, and newest first would otherwise walk down from @Now past every article before the cursor.
            seek = filter.OldestFirst
                ? "a.published_at >= @AfterPublishedAt AND (a.published_at, a.id) > (@AfterPublishedAt, @AfterId) AND "
                : "a.published_at <= @AfterPublishedAt AND (a.published_at, a.id) < (@AfterPublishedAt, @AfterId) AND ";
            parameters.Add("AfterPublishedAt", cursor.PublishedAt);
            parameters.Add("AfterId", cursor.Id);
        }

        using var connection = database.OpenPublicRead();
        var ids = connection.Query<int>(
            $"SELECT a.id FROM articles a WHERE {seek}{matches.Sql} ORDER BY {Order(filter)} LIMIT @Limit", parameters).AsList();
        return PublicArticles.Summaries(connection, ids, matches.Now);
    }

    /// <summary>
    /// How many public articles <paramref name="matches"/> (<see cref="Matching"/> of <paramref name="filter"/>) names,
    /// remembered until the lists change: a numbered page's total, and what search bounds the articles its count may
    /// leave out by. Counted on the articles alone: every filter is on its columns, so the count stays inside an index.
    /// </summary>
    /// <remarks>
    /// Which articles are public, when, and in which category, under which tags and by which author is what the
    /// directory's scope follows (<see cref="ArticleScopes.Directory"/>), so a count without the featured flag is kept
    /// across approved comments and edits of text, which move every list but change no count (at a million articles a
    /// count of every public article reads the publication index for about 70 ms).
    /// </remarks>
    internal int Count(DbConnection connection, DbTransaction? transaction, ArticleFilter filter, PublicArticleFilter matches) =>
        memo.Remember(CountKey("articles", filter), filter.Featured is null ? ArticleScopes.Directory : [ContentScope.ListAll],
            () => connection.ExecuteScalar<int>($"SELECT count(*) FROM articles a WHERE {matches.Sql}", matches.Parameters, transaction));

    // Both orders have an index (published_at, id) over public rows, so the ids of a page are read from the index
    // alone; only the page's own rows are then fetched. Joining first would read every skipped row of a deep page.
    private static string Order(ArticleFilter filter) => filter.OldestFirst ? "a.published_at ASC, a.id ASC" : "a.published_at DESC, a.id DESC";

    /// <summary>What identifies a count of <paramref name="filter"/>'s matches in <see cref="ContentMemo"/> (the order does not change it).</summary>
    internal static string CountKey(string what, ArticleFilter filter) => what + ":" + (filter with { OldestFirst = false });

    /// <summary>
    /// The filter component: the public articles <paramref name="filter"/> matches, as one condition on articles aliased
    /// <c>a</c> (only its columns, so a count stays inside an index) with its parameters. Lists and search both filter
    /// through it, so both routes filter alike.
    /// </summary>
    internal PublicArticleFilter Matching(ArticleFilter filter)
    {
        var now = publicArticles.Now();
        var parameters = FilterParameters(filter, now);
        // A category filter takes in the category and its descendants, read first (and remembered until the directory
        // changes) so the query names their ids: PostgreSQL's planner, given the family as a recursive subquery, guessed
        // hundreds of categories and read the whole publication index to find none for an unknown slug (0.5 s).
        var family = filter.Category is null ? null : scopes.FamilyOf(filter.Category);
        if (family is not null)
        {
            parameters.Add("CategoryIds", database.Engine.IdList(family.Select(id => (int)id)));
        }

        return new(PublicArticles.IsPublic + FilterSql(filter, family, database.Engine), parameters, now);
    }

    /// <summary>The ids of the category whose slug is <c>@Category</c> and of all its descendants: what a category filter takes in.</summary>
    internal const string CategoryFamily = """
        WITH RECURSIVE tree(id) AS (
            SELECT id FROM categories WHERE slug = @Category
            UNION ALL
            SELECT child.id FROM categories child JOIN tree ON child.parent_id = tree.id)
        SELECT id FROM tree
        """;

    /// <summary>The filters of <paramref name="filter"/> as <c>AND …</c> fragments to append after <see cref="PublicArticles.IsPublic"/>.</summary>
    private static string FilterSql(ArticleFilter filter, IReadOnlyList<long>? categoryFamily, DatabaseEngine engine)
    {
        // Assembled from fixed fragments only; every value travels as a parameter (see FilterParameters).
        var where = new StringBuilder();
        if (categoryFamily is not null)
        {
            // A slug that names no category matches nothing, which both planners see before reading a row.
            where.Append(categoryFamily.Count == 0 ? " AND 1 = 0" : " AND " + engine.InIdList("a.category_id", "@CategoryIds"));
        }

        if (filter.Tag is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id AND t.slug = @Tag)");
        }

        if (filter.Author is not null)
        {
            where.Append(" AND a.author_id = (SELECT id FROM authors WHERE slug = @Author)");
        }

        if (filter.From is not null)
        {
            where.Append(" AND a.published_at >= @From");
        }

        if (filter.ToExclusive is not null)
        {
            where.Append(" AND a.published_at < @To");
        }

        if (filter.Featured is not null)
        {
            where.Append(" AND a.featured = @Featured");
        }

        return where.ToString();
    }

    /// <summary>The parameters of <see cref="PublicArticles.IsPublic"/> and <see cref="FilterSql"/>.</summary>
    private static DynamicParameters FilterParameters(ArticleFilter filter, DateTime now)
    {
        var parameters = new DynamicParameters(new
        {
            Tag = FilterSlug(filter.Tag),
            Author = FilterSlug(filter.Author),
            From = filter.From is { } from ? Timestamps.ToDb(from) : (DateTime?)null,
            To = filter.ToExclusive is { } to ? Timestamps.ToDb(to) : (DateTime?)null,
            filter.Featured,
        });
        parameters.Add("Now", now);
        return parameters;
    }

    // A filter names its category, tag or author by slug, in any form a link may carry it in.
    internal static string? FilterSlug(string? slug) => slug is null ? null : SlugInput.Canonical(slug);

    public static ArticleLinks LinksFor(string slug)
    {
        var self = "/api/v1/articles/" + Uri.EscapeDataString(slug);
        return new ArticleLinks(self, self + "/comments", self + "/related");
    }
}

/// <summary>A condition on articles aliased <c>a</c> with its parameters (<c>@Now</c> among them), from <see cref="ArticleStore.Matching"/>.</summary>
/// <param name="Now">The instant the condition is evaluated at (its <c>@Now</c>), for reading the matched rows at the same instant.</param>
internal sealed record PublicArticleFilter(string Sql, DynamicParameters Parameters, DateTime Now);
