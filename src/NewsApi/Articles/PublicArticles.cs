using System.Globalization;
using Dapper;
using System.Data.Common;
using NewsApi.Data;
using NewsApi.Text;

namespace NewsApi.Articles;

/// <summary>A public article that a slug-or-id named: what the routes keyed by it need before their own reads.</summary>
public sealed record ResolvedArticle(int Id, int CategoryId, int? ParentCategoryId, bool CommentsOpen, DateTime PublishedAt);

/// <summary>
/// The one owner of "a public article": which articles the public may see, how a slug-or-id from a URL names one,
/// and how one is read (summary or detail). Every feature that shows or keys by a public article comes here rather
/// than splicing the article's SQL into its own queries.
/// </summary>
public sealed class PublicArticles(Database database, TimeProvider clock)
{
    /// <summary>
    /// The one definition of "public": published, or scheduled with its time come. Deleted articles are gone
    /// and drafts/archived never match. Takes the <c>@Now</c> parameter; articles aliased <c>a</c>. Its SQL-only twin,
    /// for the triggers that move public validators, is the view <c>public_article_ids</c> (migration 0008, with
    /// <c>news_now()</c> for <c>@Now</c>). Migrations 0002 and 0008, checksummed and never edited, call it by its former
    /// name, <c>ArticleStore.IsPublic</c>.
    /// </summary>
    /// <remarks>
    /// The only fragment other features still embed (counts by category, tag and author, feeds, related candidates,
    /// the content version): there the predicate must sit in the same statement as their own conditions, word for
    /// word, so that SQLite picks the partial and covering indexes whose WHERE clause is this text. Anything that
    /// only needs public rows by id calls <see cref="Summaries(IReadOnlyList{int})"/> instead.
    /// </remarks>
    internal const string IsPublic = "a.status IN ('published', 'scheduled') AND a.published_at <= @Now";

    private const string SummaryColumns = $"{ColumnsButPublishedAt}, a.published_at AS PublishedAt";

    // Apart so that a preview can show a draft, which has no publication time yet, in the same shape.
    private const string ColumnsButPublishedAt = $"""
        a.id AS Id, a.slug AS Slug, a.title AS Title, a.excerpt AS Excerpt, a.language AS Language,
        a.direction AS Direction, c.id AS CategoryId, c.slug AS CategorySlug, c.name AS CategoryName,
        au.slug AS AuthorSlug, au.name AS AuthorName, a.image_url AS ImageUrl, a.image_alt AS ImageAlt,
        a.image_caption AS ImageCaption, a.image_credit AS ImageCredit,
        a.updated_at AS UpdatedAt, a.reading_time_minutes AS ReadingTimeMinutes, a.comments_open AS CommentsOpen,
        {Comments.CommentStore.VisibleCount} AS CommentCount,
        a.featured AS Featured
        """;

    /// <summary>The article a path slug names: its current slug, or one it had before being renamed (canonical <c>@Slug</c>).</summary>
    private const string SlugMatch =
        "a.id = coalesce((SELECT id FROM articles WHERE slug = @Slug), (SELECT article_id FROM article_slug_aliases WHERE slug = @Slug))";

    /// <summary>Now, in the database's form: the value of <c>@Now</c> for <see cref="IsPublic"/>.</summary>
    internal DateTime Now() => Timestamps.ToDb(clock.GetUtcNow());

    /// <summary>
    /// The rule every route keyed by an article follows: a key of only digits (ASCII or Arabic-Indic, leading zeros
    /// allowed) is an id, since slugs never are; anything else is a slug, as is or percent-encoded, in any of the forms
    /// <see cref="SlugInput.Canonical"/> brings home (NFC/NFD/NFKC, harakat, tatweel), current or former.
    /// </summary>
    public static ArticleKey ParseKey(string slugOrId)
    {
        if (int.TryParse(slugOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new ArticleKey(id, null);
        }

        var slug = SlugInput.Canonical(slugOrId);
        return int.TryParse(slug, NumberStyles.None, CultureInfo.InvariantCulture, out id) ? new ArticleKey(id, null) : new ArticleKey(null, slug);
    }

    /// <summary>The public article <paramref name="slugOrId"/> names, or null (not found) — the same answer on every route.</summary>
    public ResolvedArticle? Resolve(string slugOrId)
    {
        using var connection = database.OpenPublicRead();
        return Resolve(connection, null, ParseKey(slugOrId));
    }

    /// <summary>
    /// The public article with this id, or null, inside the caller's transaction (a write's, so awaited: on PostgreSQL
    /// no thread waits for the server). With <paramref name="before"/>, a statement of the caller's goes first in the
    /// same command (one round trip) and its result is passed over: a lock the caller's transaction takes first, say.
    /// <paramref name="parameters"/> are that statement's (not <c>@Id</c> nor <c>@Now</c>).
    /// </summary>
    internal async Task<ResolvedArticle?> ResolveAsync(DbConnection connection, DbTransaction transaction, int id, string? before = null, object? parameters = null)
    {
        var all = new DynamicParameters(parameters);
        all.AddDynamicParams(new { Id = id, Now = Now() });
        var sql = ResolveSql(new ArticleKey(id, null));
        if (before is null)
        {
            return ToResolved(await connection.QuerySingleOrDefaultAsync<ResolvedRow>(sql, all, transaction));
        }

        await using var results = await connection.QueryMultipleAsync($"{before};\n{sql}", all, transaction);
        _ = (await results.ReadAsync()).AsList();
        return ToResolved(await results.ReadSingleOrDefaultAsync<ResolvedRow>());
    }

    private ResolvedArticle? Resolve(DbConnection connection, DbTransaction? transaction, ArticleKey key) =>
        ToResolved(connection.QuerySingleOrDefault<ResolvedRow>(ResolveSql(key), new { key.Id, key.Slug, Now = Now() }, transaction));

    private static string ResolveSql(ArticleKey key) => $"""
        SELECT a.id AS Id, a.category_id AS CategoryId, c.parent_id AS ParentCategoryId, a.comments_open AS CommentsOpen,
               a.published_at AS PublishedAt
        FROM articles a JOIN categories c ON c.id = a.category_id
        WHERE {IsPublic} AND {(key.Id is null ? SlugMatch : "a.id = @Id")}
        """;

    private static ResolvedArticle? ToResolved(IResolvedColumns? row) =>
        row is null ? null : new ResolvedArticle(row.Id, row.CategoryId, row.ParentCategoryId, row.CommentsOpen, row.PublishedAt);

    /// <summary>
    /// The public article <paramref name="slugOrId"/> names (by the rule of <see cref="Resolve(string)"/>), in full, with
    /// what routes keyed by it need, or null. One command, one round trip: the article's row and its tags, each statement
    /// naming the article by the same key, where resolving and then reading the detail and then its tags took three
    /// (on PostgreSQL each a wake-up of both processes, most of an uncached article's cost).
    /// </summary>
    public async Task<(ResolvedArticle Resolved, ArticleDetail Detail)?> FindAsync(string slugOrId)
    {
        var key = ParseKey(slugOrId);
        await using var connection = database.OpenPublicRead();
        await using var results = await connection.QueryMultipleAsync(key.Id is null ? FindBySlugSql : FindByIdSql, new { key.Id, key.Slug, Now = Now() });
        var row = await results.ReadSingleOrDefaultAsync<FoundRow>();
        var tags = (await results.ReadAsync<TagRow>()).Select(tag => tag.ToTagRef()).ToList();
        return row is null ? null : (ToResolved(row)!, row.ToDetail(tags));
    }

    private static readonly string FindBySlugSql = FindSql(SlugMatch);

    private static readonly string FindByIdSql = FindSql("a.id = @Id");

    private static string FindSql(string match) => $"""
        SELECT {SummaryColumns}, c.parent_id AS ParentCategoryId, a.subtitle AS Subtitle, {StoredBody.Columns},
               a.word_count AS WordCount
        FROM articles a
        JOIN categories c ON c.id = a.category_id
        LEFT JOIN authors au ON au.id = a.author_id
        WHERE {IsPublic} AND {match};
        {TagsOfArticles($"at.article_id = (SELECT a.id FROM articles a WHERE {IsPublic} AND {match})")};
        """;

    /// <summary>
    /// Those of <paramref name="ids"/> that are public at <paramref name="now"/>, in full, by id, inside the caller's
    /// transaction: the one detail query, which the sync feed runs in the snapshot it reads its change log in.
    /// </summary>
    internal static Dictionary<int, ArticleDetail> Details(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<int> ids, DateTime now)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // CROSS JOIN: each id looked up by key, as in Summaries.
        var engine = SqlDialect.EngineOf(connection);
        var sql = $"""
            SELECT {SummaryColumns}, a.subtitle AS Subtitle, {StoredBody.Columns}, a.word_count AS WordCount
            FROM {engine.IdTable()}
            CROSS JOIN articles a
            JOIN categories c ON c.id = a.category_id
            LEFT JOIN authors au ON au.id = a.author_id
            WHERE a.id = ids.value AND {IsPublic}
            """;
        var rows = connection.Query<DetailRow>(sql, new { Ids = engine.IdList(ids.Distinct()), Now = now }, transaction).AsList();
        var tags = TagsOf(connection, rows.Select(row => row.Id), transaction);
        return rows.ToDictionary(row => row.Id, row => row.ToDetail(tags[row.Id]));
    }

    /// <summary>
    /// The article with this id in whatever state (draft, scheduled, published), in the public detail shape, or null when
    /// it does not exist: what a draft preview shows. A draft's <c>publishedAt</c> is now, the time it would have if
    /// published at this moment. Read from the primary, so an edit just saved shows at once.
    /// </summary>
    public ArticleDetail? DetailInAnyState(int id)
    {
        const string sql = $"""
            SELECT {ColumnsButPublishedAt}, coalesce(a.published_at, @Now) AS PublishedAt,
                   a.subtitle AS Subtitle, {StoredBody.Columns}, a.word_count AS WordCount
            FROM articles a
            JOIN categories c ON c.id = a.category_id
            LEFT JOIN authors au ON au.id = a.author_id
            WHERE a.id = @Id
            """;
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<DetailRow>(sql, new { Id = id, Now = Now() });
        return row?.ToDetail(TagsOf(connection, [row.Id])[row.Id]);
    }

    /// <summary>Summaries of those of <paramref name="ids"/> that are public, in the order of <paramref name="ids"/>.</summary>
    public IReadOnlyList<ArticleSummary> Summaries(IReadOnlyList<int> ids)
    {
        using var connection = database.OpenPublicRead();
        return Summaries(connection, ids, Now());
    }

    /// <summary>
    /// The one summary query: lists, search, related and feeds choose their ids (from indexes alone), then read only
    /// those rows here.
    /// </summary>
    /// <param name="now">The instant the ids were chosen at, in the database's form.</param>
    internal static List<ArticleSummary> Summaries(DbConnection connection, IReadOnlyList<int> ids, DateTime now, DbTransaction? transaction = null)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // CROSS JOIN fixes SQLite's join order: look each id up by rowid, rather than letting the planner walk a
        // publication index over the whole archive and filter on id. PostgreSQL reads it as a plain join.
        var engine = SqlDialect.EngineOf(connection);
        var sql = $"""
            SELECT {SummaryColumns}
            FROM {engine.IdTable()}
            CROSS JOIN articles a
            JOIN categories c ON c.id = a.category_id
            LEFT JOIN authors au ON au.id = a.author_id
            WHERE a.id = ids.value AND {IsPublic}
            """;
        var rows = connection.Query<SummaryRow>(sql, new { Ids = engine.IdList(ids.Distinct()), Now = now }, transaction).ToDictionary(r => r.Id);
        var tags = TagsOf(connection, rows.Keys, transaction);
        return ids.Where(rows.ContainsKey).Select(id => rows[id].ToSummary(tags[id])).ToList();
    }

    private static ILookup<int, TagRef> TagsOf(DbConnection connection, IEnumerable<int> articleIds, DbTransaction? transaction = null)
    {
        var engine = SqlDialect.EngineOf(connection);
        return connection.Query<TagRow>(TagsOfArticles(engine.InIdList("at.article_id", "@Ids")), new { Ids = engine.IdList(articleIds) }, transaction)
            .ToLookup(t => t.ArticleId, t => t.ToTagRef());
    }

    /// <summary>The one tag query: the tags of the articles <paramref name="articles"/> (a condition on <c>at.article_id</c>) names, each article's in order.</summary>
    private static string TagsOfArticles(string articles) => $"""
        SELECT at.article_id AS ArticleId, t.slug AS Slug, t.name AS Name
        FROM article_tags at
        JOIN tags t ON t.id = at.tag_id
        WHERE {articles}
        ORDER BY at.article_id, at.position, t.name
        """;

    /// <summary>An article key from a URL: an id or a canonical slug.</summary>
    public readonly record struct ArticleKey(int? Id, string? Slug);

    /// <summary>What a <see cref="ResolvedArticle"/> is made of, read by the resolve query alone or beside the detail.</summary>
    private interface IResolvedColumns
    {
        int Id { get; }

        int CategoryId { get; }

        int? ParentCategoryId { get; }

        bool CommentsOpen { get; }

        DateTime PublishedAt { get; }
    }

    private sealed class ResolvedRow : IResolvedColumns
    {
        public int Id { get; init; }

        public int CategoryId { get; init; }

        public int? ParentCategoryId { get; init; }

        public bool CommentsOpen { get; init; }

        public DateTime PublishedAt { get; init; }
    }

    private sealed class TagRow
    {
        public int ArticleId { get; init; }

        public string Slug { get; init; } = "";

        public string Name { get; init; } = "";

        public TagRef ToTagRef() => new(Slug, Name);
    }

    private class SummaryRow : ArticleRowBase
    {
        public DateTime PublishedAt { get; init; }

        public ArticleSummary ToSummary(IEnumerable<TagRef> tags) => new(
            Id, Slug, Title, Excerpt, Language, Direction, Category, tags.ToList(), Author, Image,
            PublishedAt, UpdatedAt, ReadingTimeMinutes, CommentCount, CommentsOpen, ArticleStore.LinksFor(Slug), Featured);
    }

    private class DetailRow : SummaryRow, IBodyColumns
    {
        public string? Subtitle { get; init; }

        public byte[]? Body { get; init; }

        public string? LegacyHtml { get; init; }

        public string? LegacyBlocks { get; init; }

        public int WordCount { get; init; }

        public ArticleDetail ToDetail(IEnumerable<TagRef> tags) => new(
            Id, Slug, Title, Subtitle, Excerpt, Language, Direction, Category, tags.ToList(), Author, Image,
            PublishedAt, UpdatedAt, ReadingTimeMinutes, CommentCount, CommentsOpen, ArticleStore.LinksFor(Slug),
            StoredBody.Read(this).ToArticleBody(WordCount), Featured);
    }

    /// <summary>A detail row with what <see cref="ResolvedArticle"/> needs besides.</summary>
    private sealed class FoundRow : DetailRow, IResolvedColumns
    {
        public int? ParentCategoryId { get; init; }
    }
}
