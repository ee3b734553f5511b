using System.Text.Json;
using Dapper;
using System.Data.Common;
using NewsApi.Articles;
using NewsApi.Search;
using NewsApi.Text;

namespace NewsApi.Data;

/// <summary>An article's editable content, as every writer supplies it: the admin API, the demo seed, the WordPress import.</summary>
/// <remarks>
/// <see cref="Language"/>, <see cref="Direction"/> and <see cref="Featured"/> left null keep what the article has (on
/// insert: <c>ar</c>, <c>rtl</c>, not featured); a language given without a direction brings its own direction.
/// </remarks>
public sealed record ArticleDraft(
    string Title, string BodyHtml, long CategoryId, string? Excerpt = null, string? Subtitle = null, long? AuthorId = null,
    ArticleImage? Image = null, bool CommentsOpen = true,
    string? Language = null, string? Direction = null, bool? Featured = null);

public sealed record NewComment(
    long ArticleId, long? ParentId, string AuthorName, string AuthorEmail, string? AuthorUrl, string Body, string Status,
    DateTimeOffset CreatedAt, string? ClientAddress = null);

/// <summary>
/// The inserts and updates of content inside one caller-owned transaction. The one place where HTML is sanitised
/// and its blocks, plain text, word count and excerpt are derived before anything is stored.
/// </summary>
public sealed class ContentWriter(DbConnection connection, DbTransaction transaction, DateTime now)
{
    public const string Articles = "articles";
    public const string Categories = "categories";
    public const string Tags = "tags";
    public const string Authors = "authors";

    private static readonly HashSet<string> SluggedTables = [Articles, Categories, Tags, Authors];

    /// <summary>
    /// Turns the scheduled articles whose time has come into published ones. They were public from that time already;
    /// this write is what tells caches so (its triggers move the scopes they appear in, and other instances hear of it)
    /// and what a webhook of their publication can hang on. Their row version and updated time stay: editors changed nothing.
    /// </summary>
    public int PublishDue() => connection.Execute(
        "UPDATE articles SET status = 'published' WHERE status = 'scheduled' AND published_at <= @Now", new { Now = now }, transaction);

    public long? IdBySlug(string table, string slug)
    {
        // Table names are checked against the fixed set: they cannot be parameters.
        if (!SluggedTables.Contains(table))
        {
            throw new ArgumentOutOfRangeException(nameof(table));
        }

        return table == Articles
            ? connection.QuerySingleOrDefault<long?>(
                "SELECT id FROM articles WHERE slug = @slug UNION ALL SELECT article_id FROM article_slug_aliases WHERE slug = @slug LIMIT 1",
                new { slug }, transaction)
            : connection.QuerySingleOrDefault<long?>($"SELECT id FROM {table} WHERE slug = @slug", new { slug }, transaction);
    }

    /// <summary>The text's slug, or with -2, -3… when taken. An article slug is never only digits (that path is an id).</summary>
    public string UniqueSlug(string table, string text)
    {
        var slug = Slugs.FromTitle(text);
        if (slug.Length == 0 || (table == Articles && slug.All(char.IsAsciiDigit)))
        {
            slug = slug.Length > 0 ? "article-" + slug : table.TrimEnd('s');
        }

        var candidate = slug;
        for (var n = 2; IdBySlug(table, candidate) is not null; n++)
        {
            candidate = Slugs.WithSuffix(slug, n);
        }

        return candidate;
    }

    /// <summary>How many times <see cref="ClaimingSlug{T}"/> runs a write in all when concurrent writers keep taking its slug.</summary>
    public const int SlugAttempts = 5;

    /// <summary>
    /// Runs a write that picks a free slug (<see cref="UniqueSlug"/>) or checks that a wanted one is free, and runs it
    /// again when a concurrent writer committed the same slug first. On PostgreSQL two transactions can both find a slug
    /// free; the unique constraint lets one commit and fails the other (23505), which, run again, finds the slug taken
    /// and takes the next suffix or refuses the wanted slug. On SQLite writers are serialised before they look, so the
    /// constraint never fires there. After <see cref="SlugAttempts"/> the failure goes up.
    /// </summary>
    public static T ClaimingSlug<T>(Database database, Func<WriteScope, T> body)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return database.Write(body);
            }
            catch (Npgsql.PostgresException exception) when (attempt < SlugAttempts && IsSlugTaken(exception))
            {
            }
        }
    }

    /// <summary>Whether PostgreSQL refused a row because another transaction committed its slug first.</summary>
    private static bool IsSlugTaken(Npgsql.PostgresException exception) =>
        exception.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation
        && (exception.ConstraintName?.EndsWith("_slug_key", StringComparison.Ordinal) == true
            || exception.ConstraintName == "article_slug_aliases_pkey");

    public long InsertCategory(string name, string slug, string? description, long? parentId)
    {
        const string sql = """
            INSERT INTO categories (parent_id, slug, name, description, created_at, updated_at)
            VALUES (@parentId, @slug, @name, @description, @now, @now)
            RETURNING id
            """;
        return connection.ExecuteScalar<long>(sql, new { parentId, slug, name, description, now }, transaction);
    }

    public long InsertAuthor(string name, string slug, string? bio)
    {
        const string sql = """
            INSERT INTO authors (slug, name, bio, created_at, updated_at)
            VALUES (@slug, @name, @bio, @now, @now)
            RETURNING id
            """;
        return connection.ExecuteScalar<long>(sql, new { slug, name, bio, now }, transaction);
    }

    public long InsertTag(string name, string slug) =>
        connection.ExecuteScalar<long>("INSERT INTO tags (slug, name, created_at) VALUES (@slug, @name, @now) RETURNING id", new { slug, name, now }, transaction);

    /// <param name="publishedAt">When it went (or goes) public; null for a draft.</param>
    /// <param name="touchedAt">Creation and update time; now when null.</param>
    public long InsertArticle(ArticleDraft draft, string slug, string status, DateTimeOffset? publishedAt, DateTimeOffset? touchedAt = null)
    {
        // featured is named only when set: left to its default, the insert also runs on the schema from before
        // migration 0014 that the migration tests seed with today's writer.
        var featured = draft.Featured == true;
        var sql = $"""
            INSERT INTO articles (slug, title, subtitle, excerpt, body, body_html, body_blocks, body_text, word_count, reading_time_minutes,
                                  category_id, author_id, image_url, image_alt, image_caption, image_credit, status, published_at,
                                  comments_open, created_at, updated_at, language, direction{(featured ? ", featured" : "")})
            VALUES (@Slug, @Title, @Subtitle, @Excerpt, @Body, {StoredBody.EmptyLegacyValues}, @WordCount, @ReadingTimeMinutes,
                    @CategoryId, @AuthorId, @ImageUrl, @ImageAlt, @ImageCaption, @ImageCredit, @Status, @PublishedAt,
                    @CommentsOpen, @Touched, @Touched, coalesce(@Language, 'ar'), coalesce(@Direction, 'rtl'){(featured ? ", @Featured" : "")})
            RETURNING id
            """;
        var parameters = Parameters(draft, slug);
        parameters.Add("Status", status);
        parameters.Add("PublishedAt", publishedAt is { } at ? Timestamps.ToDb(at) : null);
        parameters.Add("Touched", touchedAt is { } touched ? Timestamps.ToDb(touched) : now);
        var id = connection.ExecuteScalar<long>(sql, parameters, transaction);
        // On PostgreSQL the triggers only queue the article for search: it is indexed here, in the same transaction.
        SearchIndexWriter.Flush(connection, transaction);
        return id;
    }

    public void UpdateArticle(long id, ArticleDraft draft, string slug)
    {
        const string sql = """
            UPDATE articles SET slug = @Slug, title = @Title, subtitle = @Subtitle, excerpt = @Excerpt, body = @Body,
                   body_html = '', body_blocks = '[]', body_text = '', word_count = @WordCount, reading_time_minutes = @ReadingTimeMinutes,
                   category_id = @CategoryId, author_id = @AuthorId, image_url = @ImageUrl, image_alt = @ImageAlt,
                   image_caption = @ImageCaption, image_credit = @ImageCredit, comments_open = @CommentsOpen,
                   language = coalesce(@Language, language), direction = coalesce(@Direction, direction),
                   featured = coalesce(@Featured, featured),
                   updated_at = @Now, version = version + 1
            WHERE id = @Id
            """;
        var parameters = Parameters(draft, slug);
        parameters.Add("Id", id);
        parameters.Add("Now", now);
        connection.Execute(sql, parameters, transaction);
        SearchIndexWriter.Flush(connection, transaction);
    }

    /// <summary>Replaces the article's tags by these names, in order, creating tags that do not exist yet.</summary>
    /// <remarks>
    /// Only what differs is written: a tag kept is not deleted and inserted again, so editing an article's text moves
    /// neither its tags' lists nor the tag counts (the triggers of content_scopes see no tag row change).
    /// </remarks>
    public void SetTags(long articleId, IEnumerable<string> names)
    {
        var tagIds = new List<int>();
        foreach (var name in names.Select(n => n.Trim()).Where(n => Slugs.FromTitle(n).Length > 0).DistinctBy(Slugs.FromTitle))
        {
            const string upsert = """
                INSERT INTO tags (slug, name, created_at) VALUES (@slug, @name, @now)
                ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug
                RETURNING id
                """;
            tagIds.Add((int)connection.ExecuteScalar<long>(upsert, new { slug = Slugs.FromTitle(name), name, now }, transaction));
        }

        var engine = SqlDialect.EngineOf(connection);
        connection.Execute($"DELETE FROM article_tags WHERE article_id = @articleId AND NOT {engine.InIdList("tag_id", "@Ids")}",
            new { articleId, Ids = engine.IdList(tagIds) }, transaction);
        for (var position = 0; position < tagIds.Count; position++)
        {
            const string upsert = """
                INSERT INTO article_tags (article_id, tag_id, position) VALUES (@articleId, @tagId, @position)
                ON CONFLICT (article_id, tag_id) DO UPDATE SET position = excluded.position
                WHERE article_tags.position <> excluded.position
                """;
            connection.Execute(upsert, new { articleId, tagId = tagIds[position], position }, transaction);
        }

        SearchIndexWriter.Flush(connection, transaction);
    }

    public long InsertComment(NewComment comment)
    {
        const string sql = """
            INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, body, status, client_address, created_at, updated_at)
            VALUES (@ArticleId, @ParentId, @AuthorName, @AuthorEmail, @AuthorUrl, @Body, @Status, @ClientAddress, @CreatedAt, @CreatedAt)
            RETURNING id
            """;
        return connection.ExecuteScalar<long>(sql, new
        {
            comment.ArticleId,
            comment.ParentId,
            comment.AuthorName,
            // Stored as the comment API stores it, so flood, duplicate and trusted-author checks match imported comments too.
            AuthorEmail = comment.AuthorEmail.Trim().ToLowerInvariant(),
            AuthorUrl = WebUrls.Normalize(comment.AuthorUrl),
            comment.Body,
            comment.Status,
            comment.ClientAddress,
            CreatedAt = Timestamps.ToDb(comment.CreatedAt),
        }, transaction);
    }

    private static DynamicParameters Parameters(ArticleDraft draft, string slug)
    {
        var body = ArticleHtml.Process(draft.BodyHtml);
        return new DynamicParameters(new
        {
            Slug = slug,
            Title = draft.Title.Trim(),
            Subtitle = string.IsNullOrWhiteSpace(draft.Subtitle) ? null : draft.Subtitle.Trim(),
            Excerpt = string.IsNullOrWhiteSpace(draft.Excerpt) ? DerivedExcerpt(body) : draft.Excerpt.Trim(),
            Body = StoredBody.Encode(body.Html, body.Blocks),
            body.WordCount,
            body.ReadingTimeMinutes,
            draft.CategoryId,
            draft.AuthorId,
            ImageUrl = WebUrls.Normalize(draft.Image?.Url),
            ImageAlt = draft.Image?.Alt,
            ImageCaption = draft.Image?.Caption,
            ImageCredit = draft.Image?.Credit,
            draft.CommentsOpen,
            Language = string.IsNullOrWhiteSpace(draft.Language) ? null : draft.Language.Trim(),
            Direction = draft.Direction ?? (string.IsNullOrWhiteSpace(draft.Language) ? null : TextLanguage.DirectionOf(draft.Language.Trim())),
            draft.Featured,
        });
    }

    /// <summary>The first paragraph, cut at a word boundary near 240 characters.</summary>
    private static string DerivedExcerpt(ArticleContent body)
    {
        var text = body.Blocks.OfType<ParagraphBlock>().FirstOrDefault()?.Text ?? body.PlainText;
        if (text.Length <= 240)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', 240);
        return text[..(cut > 0 ? cut : 240)] + "…";
    }
}
