using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsApi.Text;

namespace NewsApi.Data;

/// <summary>
/// Loads db/seed/demo-content.json (embedded in the assembly) into an empty database: the seed page's article
/// and its category first, then the rest of the demo newsroom. Runs in one transaction: all or nothing.
/// </summary>
public sealed class DemoContentSeeder(Database database, TimeProvider clock, ILogger<DemoContentSeeder> logger)
{
    private const string ResourceName = "db/seed/demo-content.json";

    /// <returns>The number of articles loaded; 0 when the database already had articles.</returns>
    public int SeedIfEmpty()
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM articles", transaction: transaction) > 0)
        {
            return 0;
        }

        var content = Load();
        var now = clock.GetUtcNow();
        var writer = new SeedWriter(connection, transaction, Timestamps.ToDb(now));

        var categoryIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var category in OrderParentsFirst(content.Categories))
        {
            long? parentId = category.Parent is null ? null : categoryIds[category.Parent];
            categoryIds[category.Key] = writer.InsertCategory(category.Name, category.Description, parentId);
        }

        var authorIds = content.Authors.ToDictionary(a => a.Key, a => writer.InsertAuthor(a.Name, a.Bio), StringComparer.Ordinal);

        foreach (var article in content.Articles)
        {
            var publishedAt = article.Status switch
            {
                "scheduled" => now.AddDays(article.PublishInDays ?? 30),
                "published" => article.PublishedAt ?? throw new InvalidDataException($"Published demo article '{article.Title}' has no publishedAt."),
                _ => (DateTimeOffset?)null,
            };
            var articleId = writer.InsertArticle(article, categoryIds[article.Category],
                article.Author is null ? null : authorIds[article.Author], publishedAt);
            writer.TagArticle(articleId, article.Tags ?? []);
            writer.InsertComments(articleId, article.Comments ?? []);
        }

        transaction.Commit();
        logger.LogInformation("Loaded {Count} demo articles", content.Articles.Count);
        return content.Articles.Count;
    }

    private static DemoContent Load()
    {
        using var stream = typeof(DemoContentSeeder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        return JsonSerializer.Deserialize<DemoContent>(stream, JsonOptions)
            ?? throw new InvalidDataException($"{ResourceName} is empty.");
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static IEnumerable<DemoCategory> OrderParentsFirst(IReadOnlyList<DemoCategory> categories)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = categories.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(c => c.Parent is null || placed.Contains(c.Parent)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidDataException("Demo categories have a missing or circular parent.");
            }

            foreach (var category in ready)
            {
                placed.Add(category.Key);
                pending.Remove(category);
                yield return category;
            }
        }
    }

    /// <summary>The inserts of the seed, sharing one connection, transaction and "now".</summary>
    private sealed class SeedWriter(SqliteConnection connection, SqliteTransaction transaction, string now)
    {
        private readonly Dictionary<string, long> _tagIds = new(StringComparer.Ordinal);

        public long InsertCategory(string name, string? description, long? parentId)
        {
            const string sql = """
                INSERT INTO categories (parent_id, slug, name, description, created_at, updated_at)
                VALUES (@ParentId, @Slug, @Name, @Description, @Now, @Now)
                RETURNING id
                """;
            return connection.ExecuteScalar<long>(sql, new { ParentId = parentId, Slug = UniqueSlug("categories", name), Name = name, Description = description, Now = now }, transaction);
        }

        public long InsertAuthor(string name, string? bio)
        {
            const string sql = """
                INSERT INTO authors (slug, name, bio, created_at, updated_at)
                VALUES (@Slug, @Name, @Bio, @Now, @Now)
                RETURNING id
                """;
            return connection.ExecuteScalar<long>(sql, new { Slug = UniqueSlug("authors", name), Name = name, Bio = bio, Now = now }, transaction);
        }

        public long InsertArticle(DemoArticle article, long categoryId, long? authorId, DateTimeOffset? publishedAt)
        {
            const string sql = """
                INSERT INTO articles (slug, title, subtitle, excerpt, body_html, body_blocks, body_text, word_count,
                                      reading_time_minutes, language, direction, category_id, author_id, image_url, image_alt,
                                      image_caption, image_credit, status, published_at, comments_open, created_at, updated_at)
                VALUES (@Slug, @Title, @Subtitle, @Excerpt, @BodyHtml, @BodyBlocks, @BodyText, @WordCount,
                        @ReadingTimeMinutes, 'ar', 'rtl', @CategoryId, @AuthorId, @ImageUrl, @ImageAlt,
                        @ImageCaption, @ImageCredit, @Status, @PublishedAt, @CommentsOpen, @CreatedAt, @UpdatedAt)
                RETURNING id
                """;
            var body = ArticleHtml.Process(article.BodyHtml);
            // A published article was last touched when it went out; a draft or a scheduled one, now.
            var touched = article.Status == "published" && publishedAt is { } at ? Timestamps.ToDb(at) : now;
            return connection.ExecuteScalar<long>(sql, new
            {
                Slug = UniqueSlug("articles", article.Title),
                article.Title,
                article.Subtitle,
                article.Excerpt,
                BodyHtml = body.Html,
                BodyBlocks = JsonSerializer.Serialize(body.Blocks, NewsApiJsonContext.Default.IReadOnlyListContentBlock),
                BodyText = body.PlainText,
                body.WordCount,
                body.ReadingTimeMinutes,
                CategoryId = categoryId,
                AuthorId = authorId,
                ImageUrl = article.Image?.Url,
                ImageAlt = article.Image?.Alt,
                ImageCaption = article.Image?.Caption,
                ImageCredit = article.Image?.Credit,
                article.Status,
                PublishedAt = publishedAt is { } p ? Timestamps.ToDb(p) : null,
                article.CommentsOpen,
                CreatedAt = touched,
                UpdatedAt = touched,
            }, transaction);
        }

        public void TagArticle(long articleId, IReadOnlyList<string> tagNames)
        {
            const string sql = "INSERT INTO article_tags (article_id, tag_id, position) VALUES (@ArticleId, @TagId, @Position)";
            for (var position = 0; position < tagNames.Count; position++)
            {
                connection.Execute(sql, new { ArticleId = articleId, TagId = TagId(tagNames[position]), Position = position }, transaction);
            }
        }

        public void InsertComments(long articleId, IReadOnlyList<DemoComment> comments)
        {
            const string sql = """
                INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, body, status, created_at, updated_at)
                VALUES (@ArticleId, @ParentId, @AuthorName, @AuthorEmail, @AuthorUrl, @Body, @Status, @CreatedAt, @CreatedAt)
                RETURNING id
                """;
            var ids = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var comment in comments)
            {
                ids[comment.Key] = connection.ExecuteScalar<long>(sql, new
                {
                    ArticleId = articleId,
                    ParentId = comment.ReplyTo is null ? (long?)null : ids[comment.ReplyTo],
                    comment.AuthorName,
                    comment.AuthorEmail,
                    comment.AuthorUrl,
                    comment.Body,
                    comment.Status,
                    CreatedAt = Timestamps.ToDb(comment.CreatedAt),
                }, transaction);
            }
        }

        private long TagId(string name)
        {
            var slug = Slugs.FromTitle(name);
            if (!_tagIds.TryGetValue(slug, out var id))
            {
                const string sql = "INSERT INTO tags (slug, name, created_at) VALUES (@Slug, @Name, @Now) RETURNING id";
                id = connection.ExecuteScalar<long>(sql, new { Slug = slug, Name = name, Now = now }, transaction);
                _tagIds[slug] = id;
            }

            return id;
        }

        // The table name comes from the three literals above, never from input.
        private string UniqueSlug(string table, string title)
        {
            var slug = Slugs.FromTitle(title);
            var candidate = slug;
            for (var n = 2; connection.ExecuteScalar<long>($"SELECT count(*) FROM {table} WHERE slug = @Slug", new { Slug = candidate }, transaction) > 0; n++)
            {
                candidate = Slugs.WithSuffix(slug, n);
            }

            return candidate;
        }
    }

    private sealed record DemoContent(IReadOnlyList<DemoCategory> Categories, IReadOnlyList<DemoAuthor> Authors, IReadOnlyList<DemoArticle> Articles);

    private sealed record DemoCategory(string Key, string Name, string? Description, string? Parent);

    private sealed record DemoAuthor(string Key, string Name, string? Bio);

    private sealed record DemoImage(string Url, string? Alt, string? Caption, string? Credit);

    private sealed record DemoArticle(
        string Title, string? Subtitle, string Excerpt, string Category, string? Author, IReadOnlyList<string> Tags, string Status,
        DateTimeOffset? PublishedAt, int? PublishInDays, bool CommentsOpen, DemoImage? Image, string BodyHtml, IReadOnlyList<DemoComment> Comments);

    private sealed record DemoComment(string Key, string AuthorName, string AuthorEmail, string? AuthorUrl, string Body, DateTimeOffset CreatedAt, string? ReplyTo, string Status);
}
