using System.Text;
using System.Text.Json;
using Dapper;
using NewsApi.Data;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Articles;

public sealed record ArticleFilter(string? Category, string? Tag, string? Author, DateTimeOffset? From, DateTimeOffset? ToExclusive, bool OldestFirst);

/// <summary>Reads of published articles. Everything here sees only what the public may see.</summary>
public sealed class ArticleStore(Database database, ContentMemo memo, TimeProvider clock)
{
    /// <summary>
    /// The one definition of "public": published, or scheduled with its time come. Deleted articles are gone
    /// and drafts/archived never match. Takes the <c>@Now</c> parameter. Its SQL-only twin, for the triggers that move
    /// public validators, is the view <c>public_article_ids</c> (migration 0008, with <c>news_now()</c> for <c>@Now</c>).
    /// </summary>
    public const string IsPublic = "a.status IN ('published', 'scheduled') AND a.published_at <= @Now";

    internal const string SummaryColumns = """
        a.id AS Id, a.slug AS Slug, a.title AS Title, a.excerpt AS Excerpt, a.language AS Language,
        a.direction AS Direction, c.id AS CategoryId, c.slug AS CategorySlug, c.name AS CategoryName,
        au.slug AS AuthorSlug, au.name AS AuthorName, a.image_url AS ImageUrl, a.image_alt AS ImageAlt,
        a.image_caption AS ImageCaption, a.image_credit AS ImageCredit, a.published_at AS PublishedAt,
        a.updated_at AS UpdatedAt, a.reading_time_minutes AS ReadingTimeMinutes, a.comments_open AS CommentsOpen,
        (SELECT count(*) FROM comments cm WHERE cm.article_id = a.id AND cm.status = 'approved') AS CommentCount
        """;

    internal const string FromPublicArticles = """
        FROM articles a
        JOIN categories c ON c.id = a.category_id
        LEFT JOIN authors au ON au.id = a.author_id
        """;

    /// <summary>A page by number, with the count of every match.</summary>
    public (IReadOnlyList<ArticleSummary> Items, int Total) List(ArticleFilter filter, PageRequest page)
    {
        var where = $"WHERE {IsPublic}{FilterSql(filter)}";
        var parameters = FilterParameters(filter);
        parameters.Add("Limit", page.PageSize);
        parameters.Add("Offset", page.Offset);

        using var connection = database.Open();
        // Counted on the articles alone: every filter is on its columns, so the count stays inside an index.
        var total = memo.Remember(CountKey("articles", filter), () => connection.ExecuteScalar<int>($"SELECT count(*) FROM articles a {where}", parameters));
        var ids = connection.Query<int>($"SELECT a.id FROM articles a {where} ORDER BY {Order(filter)} LIMIT @Limit OFFSET @Offset", parameters).AsList();
        return (PublicSummaries(connection, ids, parameters.Get<string>("Now")), total);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> articles after <paramref name="after"/> in its order (from the start when null):
    /// a seek in the publication index, so a deep position costs what the first page does.
    /// </summary>
    public IReadOnlyList<ArticleSummary> ListAfter(ArticleFilter filter, ArticleCursor? after, int limit)
    {
        var parameters = FilterParameters(filter);
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

        using var connection = database.Open();
        var ids = connection.Query<int>(
            $"SELECT a.id FROM articles a WHERE {seek}{IsPublic}{FilterSql(filter)} ORDER BY {Order(filter)} LIMIT @Limit", parameters).AsList();
        return PublicSummaries(connection, ids, parameters.Get<string>("Now"));
    }

    // Both orders have an index (published_at, id) over public rows, so the ids of a page are read from the index
    // alone; only the page's own rows are then fetched. Joining first would read every skipped row of a deep page.
    private static string Order(ArticleFilter filter) => filter.OldestFirst ? "a.published_at ASC, a.id ASC" : "a.published_at DESC, a.id DESC";

    /// <summary>What identifies a count of <paramref name="filter"/>'s matches in <see cref="ContentMemo"/> (the order does not change it).</summary>
    internal static string CountKey(string what, ArticleFilter filter) => what + ":" + (filter with { OldestFirst = false });

    /// <summary>
    /// The filters of <paramref name="filter"/> as <c>AND …</c> fragments to append after <see cref="IsPublic"/>
    /// (articles aliased <c>a</c>; only its columns are used). Search uses them too, so both routes filter alike.
    /// </summary>
    internal static string FilterSql(ArticleFilter filter)
    {
        // Assembled from fixed fragments only; every value travels as a parameter (see FilterParameters).
        var where = new StringBuilder();
        if (filter.Category is not null)
        {
            where.Append("""
                 AND a.category_id IN (
                    WITH RECURSIVE tree(id) AS (
                        SELECT id FROM categories WHERE slug = @Category
                        UNION ALL
                        SELECT child.id FROM categories child JOIN tree ON child.parent_id = tree.id)
                    SELECT id FROM tree)
                """);
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

        return where.ToString();
    }

    /// <summary>
    /// Matches the article a path slug names: its current slug, or one it had before being renamed. Takes the
    /// <c>@Slug</c> parameter, canonicalised with <see cref="SlugInput.Canonical"/>.
    /// </summary>
    public const string SlugMatch =
        "a.id = coalesce((SELECT id FROM articles WHERE slug = @Slug), (SELECT article_id FROM article_slug_aliases WHERE slug = @Slug))";

    /// <summary>The parameters of <see cref="IsPublic"/> and <see cref="FilterSql"/>.</summary>
    internal DynamicParameters FilterParameters(ArticleFilter filter)
    {
        var parameters = new DynamicParameters(new
        {
            Category = filter.Category is null ? null : SlugInput.Canonical(filter.Category),
            Tag = filter.Tag is null ? null : SlugInput.Canonical(filter.Tag),
            Author = filter.Author is null ? null : SlugInput.Canonical(filter.Author),
            From = filter.From is { } from ? Timestamps.ToDb(from) : null,
            To = filter.ToExclusive is { } to ? Timestamps.ToDb(to) : null,
        });
        // Added by name (not in the template) so that the page's rows can be read at the same instant (Get<string>).
        parameters.Add("Now", Timestamps.ToDb(clock.GetUtcNow()));
        return parameters;
    }

    /// <summary>Finds a public article by slug or, when the key is only digits, by id (slugs never are).</summary>
    public ArticleDetail? Find(string slugOrId) =>
        int.TryParse(slugOrId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? FindById(id)
            : FindBySlug(slugOrId);

    public ArticleDetail? FindById(int id) => Find("a.id = @Id", new { Id = id });

    /// <summary>Finds a public article by its current slug or by a slug it had before being renamed.</summary>
    public ArticleDetail? FindBySlug(string slug) => Find(SlugMatch, new { Slug = SlugInput.Canonical(slug) });

    /// <summary>Summaries of those of <paramref name="ids"/> that are public, in the order of <paramref name="ids"/>.</summary>
    public IReadOnlyList<ArticleSummary> PublicSummaries(IReadOnlyList<int> ids)
    {
        using var connection = database.Open();
        return PublicSummaries(connection, ids, Timestamps.ToDb(clock.GetUtcNow()));
    }

    /// <param name="now">The instant the ids were chosen at, in the database's form.</param>
    private static List<ArticleSummary> PublicSummaries(Microsoft.Data.Sqlite.SqliteConnection connection, IReadOnlyList<int> ids, string now)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // CROSS JOIN fixes the join order: look each id up by rowid, rather than letting the planner walk a
        // publication index over the whole archive and filter on id.
        var sql = $"""
            SELECT {SummaryColumns}
            FROM json_each(@Ids) ids
            CROSS JOIN articles a ON a.id = ids.value
            JOIN categories c ON c.id = a.category_id
            LEFT JOIN authors au ON au.id = a.author_id
            WHERE {IsPublic}
            """;
        var rows = connection.Query<SummaryRow>(sql, new { Ids = "[" + string.Join(',', ids.Distinct()) + "]", Now = now }).ToDictionary(r => r.Id);
        var tags = TagsOf(connection, rows.Keys);
        return ids.Where(rows.ContainsKey).Select(id => rows[id].ToSummary(tags[id])).ToList();
    }

    private ArticleDetail? Find(string match, object key)
    {
        var sql = $"""
            SELECT {SummaryColumns}, a.subtitle AS Subtitle, a.body_html AS BodyHtml, a.body_blocks AS BodyBlocks, a.word_count AS WordCount
            {FromPublicArticles}
            WHERE {IsPublic} AND {match}
            """;
        var parameters = new DynamicParameters(key);
        parameters.Add("Now", Timestamps.ToDb(clock.GetUtcNow()));
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<DetailRow>(sql, parameters);
        return row?.ToDetail(TagsOf(connection, [row.Id])[row.Id]);
    }

    internal static ILookup<int, TagRef> TagsOf(Microsoft.Data.Sqlite.SqliteConnection connection, IEnumerable<int> articleIds)
    {
        const string sql = """
            SELECT at.article_id AS ArticleId, t.slug AS Slug, t.name AS Name
            FROM article_tags at
            JOIN tags t ON t.id = at.tag_id
            WHERE at.article_id IN @Ids
            ORDER BY at.article_id, at.position, t.name
            """;
        return connection.Query<TagRow>(sql, new { Ids = articleIds.ToArray() })
            .ToLookup(t => t.ArticleId, t => new TagRef(t.Slug, t.Name));
    }

    public static ArticleLinks LinksFor(string slug)
    {
        var self = "/api/v1/articles/" + Uri.EscapeDataString(slug);
        return new ArticleLinks(self, self + "/comments", self + "/related");
    }

    private sealed class TagRow
    {
        public int ArticleId { get; init; }

        public string Slug { get; init; } = "";

        public string Name { get; init; } = "";
    }

    internal class SummaryRow : ArticleRowBase
    {
        public string PublishedAt { get; init; } = "";

        public ArticleSummary ToSummary(IEnumerable<TagRef> tags) => new(
            Id, Slug, Title, Excerpt, Language, Direction, Category, tags.ToList(), Author, Image,
            Timestamps.FromDb(PublishedAt), Timestamps.FromDb(UpdatedAt), ReadingTimeMinutes, CommentCount, CommentsOpen, LinksFor(Slug));
    }

    private sealed class DetailRow : SummaryRow
    {
        public string? Subtitle { get; init; }

        public string BodyHtml { get; init; } = "";

        public string BodyBlocks { get; init; } = "[]";

        public int WordCount { get; init; }

        public ArticleDetail ToDetail(IEnumerable<TagRef> tags) => new(
            Id, Slug, Title, Subtitle, Excerpt, Language, Direction, Category, tags.ToList(), Author, Image,
            Timestamps.FromDb(PublishedAt), Timestamps.FromDb(UpdatedAt), ReadingTimeMinutes, CommentCount, CommentsOpen, LinksFor(Slug),
            new ArticleBody(BodyHtml, StoredBlocks.Deserialize(BodyBlocks), WordCount));
    }
}
