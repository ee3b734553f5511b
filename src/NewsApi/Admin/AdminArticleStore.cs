using System.Text.Json;
using Dapper;
using System.Data.Common;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Admin;

/// <summary>Why a write was refused, for the endpoint to turn into the right problem.</summary>
public enum WriteRefusal
{
    None,
    NotFound,
    Stale,
    UnknownCategory,
    UnknownAuthor,
    SlugTaken,
}

/// <param name="Version">The row version after the write, behind the ETag the endpoint answers with.</param>
/// <param name="RefusedId">What a refusal is about: the unknown article, category or author id.</param>
/// <param name="RefusedSlug">What a <see cref="WriteRefusal.SlugTaken"/> is about.</param>
public sealed record WriteResult(AdminArticle? Article, WriteRefusal Refusal, int? RefusedId = null, string? RefusedSlug = null, long Version = 0)
{
    public static WriteResult Refused(WriteRefusal refusal, int? id = null, string? slug = null) => new(null, refusal, id, slug);
}

/// <summary>
/// Every write of articles. Each one runs in one write transaction (run again on a PostgreSQL serialization failure,
/// deadlock or, for a create or a new slug, a slug a concurrent writer took first), bumps the row version behind the
/// ETag, and sanitises the HTML and derives its blocks before anything is stored.
/// </summary>
public sealed class AdminArticleStore(Database database, TimeProvider clock)
{
    private const string AdminColumns = $"""
        a.id AS Id, a.slug AS Slug, a.title AS Title, a.subtitle AS Subtitle, a.excerpt AS Excerpt, a.language AS Language,
        a.direction AS Direction, c.id AS CategoryId, c.slug AS CategorySlug, c.name AS CategoryName,
        au.slug AS AuthorSlug, au.name AS AuthorName, a.image_url AS ImageUrl, a.image_alt AS ImageAlt,
        a.image_caption AS ImageCaption, a.image_credit AS ImageCredit, a.status AS Status, a.published_at AS PublishedAt,
        a.created_at AS CreatedAt, a.updated_at AS UpdatedAt, a.reading_time_minutes AS ReadingTimeMinutes,
        a.comments_open AS CommentsOpen, {StoredBody.Columns}, a.word_count AS WordCount,
        a.version AS Version, a.featured AS Featured,
        {Comments.CommentStore.VisibleCount} AS CommentCount
        FROM articles a
        JOIN categories c ON c.id = a.category_id
        LEFT JOIN authors au ON au.id = a.author_id
        """;

    public (AdminArticle Article, long Version)? Get(int id)
    {
        using var connection = database.Open();
        return Read(connection, null, id);
    }

    public (IReadOnlyList<AdminArticleSummary> Items, int Total) List(string? status, PageRequest page)
    {
        // "scheduled" whose time has come is published in every sense but its stored word.
        const string filter = """
            WHERE (@Status IS NULL
                OR (@Status = 'draft' AND a.status IN ('draft', 'archived'))
                OR (@Status = 'scheduled' AND a.status = 'scheduled' AND a.published_at > @Now)
                OR (@Status = 'published' AND a.status IN ('published', 'scheduled') AND a.published_at <= @Now))
            """;
        const string sql = $"""
            SELECT a.id AS Id, a.slug AS Slug, a.title AS Title, a.status AS Status, a.published_at AS PublishedAt,
                   a.created_at AS CreatedAt, a.updated_at AS UpdatedAt, c.id AS CategoryId, c.slug AS CategorySlug, c.name AS CategoryName
            FROM articles a JOIN categories c ON c.id = a.category_id
            {filter}
            ORDER BY a.updated_at DESC, a.id DESC
            LIMIT @Limit OFFSET @Offset
            """;
        var parameters = new { Status = status?.ToLowerInvariant(), Now = Now(), Limit = page.PageSize, page.Offset };
        using var connection = database.Open();
        var total = connection.ExecuteScalar<int>($"SELECT count(*) FROM articles a {filter}", parameters);
        var items = connection.Query<SummaryRow>(sql, parameters).Select(r => r.ToSummary(clock.GetUtcNow())).ToList();
        return (items, total);
    }

    public WriteResult Create(ArticleWriteRequest request)
    {
        var (refusal, created) = ContentWriter.ClaimingSlug<(WriteResult? Refusal, int Id)>(database, write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            if (CheckReferences(connection, transaction, request) is { } refused)
            {
                return (refused, 0);
            }

            var writer = new ContentWriter(connection, transaction, Now());
            var slug = request.Slug is { } wanted ? Slugs.FromTitle(wanted) : writer.UniqueSlug(ContentWriter.Articles, request.Title);
            if (request.Slug is not null && writer.IdBySlug(ContentWriter.Articles, slug) is not null)
            {
                return (WriteResult.Refused(WriteRefusal.SlugTaken, slug: slug), 0);
            }

            var id = (int)writer.InsertArticle(Draft(request), slug, "draft", publishedAt: null);
            writer.SetTags(id, request.Tags ?? []);
            return (null, id);
        });
        return refusal ?? Found(Get(created));
    }

    public WriteResult Update(int id, ArticleWriteRequest request, string ifMatch) =>
        ContentWriter.ClaimingSlug(database, write => UpdateIn(write, id, request, ifMatch)) ?? Found(Get(id));

    /// <returns>Null when updated, else the refusal.</returns>
    private WriteResult? UpdateIn(WriteScope write, int id, ArticleWriteRequest request, string ifMatch)
    {
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (Precondition(connection, transaction, id, ifMatch) is { } unmet)
        {
            return unmet;
        }

        var currentSlug = connection.QuerySingle<string>("SELECT slug FROM articles WHERE id = @id", new { id }, transaction);
        if (CheckReferences(connection, transaction, request) is { } refused)
        {
            return refused;
        }

        // The slug changes only when the editor asks: a new title keeps the URL readers already shared.
        var writer = new ContentWriter(connection, transaction, Now());
        var slug = currentSlug;
        if (request.Slug is { } wanted && Slugs.FromTitle(wanted) != currentSlug)
        {
            slug = Slugs.FromTitle(wanted);
            var owner = writer.IdBySlug(ContentWriter.Articles, slug);
            if (owner is not null && owner != id)
            {
                return WriteResult.Refused(WriteRefusal.SlugTaken, slug: slug);
            }

            connection.Execute("DELETE FROM article_slug_aliases WHERE slug = @slug", new { slug }, transaction);
            connection.Execute("""
                INSERT INTO article_slug_aliases (slug, article_id) VALUES (@Slug, @Id)
                ON CONFLICT (slug) DO UPDATE SET article_id = excluded.article_id
                """, new { Slug = currentSlug, Id = id }, transaction);
        }

        writer.UpdateArticle(id, Draft(request), slug);
        writer.SetTags(id, request.Tags ?? []);
        return null;
    }

    public WriteResult Publish(int id, DateTimeOffset? publishAt, string? ifMatch)
    {
        var now = clock.GetUtcNow();
        var at = publishAt ?? now;
        var status = at > now ? "scheduled" : "published";
        return SetState(id, ifMatch, "status = @Status, published_at = @At", new { Status = status, At = Timestamps.ToDb(at) });
    }

    public WriteResult Unpublish(int id, string? ifMatch) => SetState(id, ifMatch, "status = 'draft', published_at = NULL", new { });

    /// <returns>A result with no article and <see cref="WriteRefusal.None"/> when deleted.</returns>
    public WriteResult Delete(int id, string? ifMatch) => database.Write(write =>
    {
        if (Precondition(write.Connection, write.Transaction, id, ifMatch) is { } refused)
        {
            return refused;
        }

        write.Connection.Execute("DELETE FROM articles WHERE id = @id", new { id }, write.Transaction);
        return new WriteResult(null, WriteRefusal.None);
    });

    /// <summary>
    /// Null when article <paramref name="id"/> exists at a version <paramref name="ifMatch"/> allows (see <see cref="IfMatch"/>),
    /// else the refusal. Every write of an article (its curated links included) asks this inside its transaction.
    /// </summary>
    public static WriteResult? Precondition(DbConnection connection, DbTransaction transaction, int id, string? ifMatch) =>
        connection.QuerySingleOrDefault<long?>("SELECT version FROM articles WHERE id = @id", new { id }, transaction) switch
        {
            null => WriteResult.Refused(WriteRefusal.NotFound, id),
            { } version when !IfMatch.Allows(ifMatch, version) => WriteResult.Refused(WriteRefusal.Stale),
            _ => null,
        };

    private WriteResult SetState(int id, string? ifMatch, string assignments, object values)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("Id", id);
        parameters.Add("Now", Now());
        var refused = database.Write<WriteResult?>(write =>
        {
            if (Precondition(write.Connection, write.Transaction, id, ifMatch) is { } unmet)
            {
                return unmet;
            }

            write.Connection.Execute($"UPDATE articles SET {assignments}, updated_at = @Now, version = version + 1 WHERE id = @Id", parameters, write.Transaction);
            return null;
        });
        return refused ?? Found(Get(id));
    }

    private static WriteResult Found((AdminArticle Article, long Version)? read) => new(read?.Article, WriteRefusal.None, Version: read?.Version ?? 0);

    private static WriteResult? CheckReferences(DbConnection connection, DbTransaction transaction, ArticleWriteRequest request)
    {
        if (connection.ExecuteScalar<int>("SELECT count(*) FROM categories WHERE id = @CategoryId", new { request.CategoryId }, transaction) == 0)
        {
            return WriteResult.Refused(WriteRefusal.UnknownCategory, request.CategoryId);
        }

        if (request.AuthorId is { } authorId && connection.ExecuteScalar<int>("SELECT count(*) FROM authors WHERE id = @authorId", new { authorId }, transaction) == 0)
        {
            return WriteResult.Refused(WriteRefusal.UnknownAuthor, authorId);
        }

        return null;
    }

    private static ArticleDraft Draft(ArticleWriteRequest request) => new(
        request.Title, request.BodyHtml, request.CategoryId, request.Excerpt, request.Subtitle, request.AuthorId, request.Image?.ToImage(),
        request.CommentsOpen ?? true, request.Language, request.Direction, request.Featured);

    private DateTime Now() => Timestamps.ToDb(clock.GetUtcNow());

    private (AdminArticle, long)? Read(DbConnection connection, DbTransaction? transaction, int id)
    {
        var row = connection.QuerySingleOrDefault<Row>($"SELECT {AdminColumns} WHERE a.id = @id", new { id }, transaction);
        if (row is null)
        {
            return null;
        }

        var tags = connection.Query<(string Slug, string Name)>("""
            SELECT t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
            WHERE at.article_id = @id ORDER BY at.position, t.name
            """, new { id }, transaction).Select(t => new TagRef(t.Slug, t.Name)).ToList();
        return (row.ToArticle(tags, clock.GetUtcNow()), row.Version);
    }

    /// <summary>The workflow state as editors see it: a scheduled article whose time has come is published.</summary>
    private static string EffectiveStatus(string status, DateTime? publishedAt, DateTimeOffset now) => status switch
    {
        "scheduled" when publishedAt <= now.UtcDateTime => "published",
        "archived" => "draft",
        _ => status,
    };

    private sealed class SummaryRow
    {
        public int Id { get; init; }

        public string Slug { get; init; } = "";

        public string Title { get; init; } = "";

        public string Status { get; init; } = "";

        public DateTime? PublishedAt { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }

        public int CategoryId { get; init; }

        public string CategorySlug { get; init; } = "";

        public string CategoryName { get; init; } = "";

        public AdminArticleSummary ToSummary(DateTimeOffset now)
        {
            var publishedAt = PublishedAt;
            var status = EffectiveStatus(Status, publishedAt, now);
            return new AdminArticleSummary(Id, Slug, Title, status, status == "scheduled" ? publishedAt : null, status == "published" ? publishedAt : null,
                CreatedAt, UpdatedAt, new CategoryRef(CategoryId, CategorySlug, CategoryName));
        }
    }

    private sealed class Row : ArticleRowBase, IBodyColumns
    {
        public string? Subtitle { get; init; }

        public string Status { get; init; } = "";

        public DateTime? PublishedAt { get; init; }

        public DateTime CreatedAt { get; init; }

        public byte[]? Body { get; init; }

        public string? LegacyHtml { get; init; }

        public string? LegacyBlocks { get; init; }

        public int WordCount { get; init; }

        public long Version { get; init; }

        public AdminArticle ToArticle(IReadOnlyList<TagRef> tags, DateTimeOffset now)
        {
            var publishedAt = PublishedAt;
            var status = EffectiveStatus(Status, publishedAt, now);
            return new AdminArticle(
                Id, Slug, Title, Subtitle, Excerpt, Language, Direction, Category, tags, Author, Image,
                status, status == "scheduled" ? publishedAt : null, status == "published" ? publishedAt : null,
                CreatedAt, UpdatedAt, ReadingTimeMinutes, CommentCount, CommentsOpen,
                ArticleStore.LinksFor(Slug),
                StoredBody.Read(this).ToArticleBody(WordCount), Featured);
        }
    }
}
