using System.Text.Json;
using Dapper;

namespace NewsApi.Data;

/// <summary>
/// Loads db/seed/demo-content.json (embedded in the assembly) into an empty database: the seed page's article
/// and its category first, then the rest of the demo newsroom. Runs in one transaction: all or nothing. Instances
/// starting together on one PostgreSQL database may both find it empty: the slugs' unique constraints let one commit,
/// and the other, run again, finds articles and loads nothing.
/// </summary>
public sealed class DemoContentSeeder(Database database, TimeProvider clock, ILogger<DemoContentSeeder> logger)
{
    private const string ResourceName = "db/seed/demo-content.json";

    /// <returns>The number of articles loaded; 0 when the database already had articles.</returns>
    public int SeedIfEmpty()
    {
        var loaded = ContentWriter.ClaimingSlug(database, Seed);
        if (loaded > 0)
        {
            logger.LogInformation("Loaded {Count} demo articles", loaded);
        }

        return loaded;
    }

    private int Seed(WriteScope write)
    {
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (database.Engine == DatabaseEngine.Postgres)
        {
            // Instances starting together must not both find the database empty: the later one waits here until the
            // first has committed, then counts its articles.
            connection.Execute("SELECT pg_advisory_xact_lock(@LockKey)", new { Postgres.PostgresMigrator.LockKey }, transaction);
        }

        if (connection.ExecuteScalar<long>("SELECT count(*) FROM articles", transaction: transaction) > 0)
        {
            return 0;
        }

        var content = Load();
        var now = clock.GetUtcNow();
        var writer = new ContentWriter(connection, transaction, Timestamps.ToDb(now));

        var categoryIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var category in OrderParentsFirst(content.Categories))
        {
            long? parentId = category.Parent is null ? null : categoryIds[category.Parent];
            categoryIds[category.Key] = writer.InsertCategory(category.Name, writer.UniqueSlug(ContentWriter.Categories, category.Name), category.Description, parentId);
        }

        var authorIds = content.Authors.ToDictionary(
            a => a.Key, a => writer.InsertAuthor(a.Name, writer.UniqueSlug(ContentWriter.Authors, a.Name), a.Bio), StringComparer.Ordinal);

        foreach (var article in content.Articles)
        {
            var publishedAt = article.Status switch
            {
                "scheduled" => now.AddDays(article.PublishInDays ?? 30),
                "published" => article.PublishedAt ?? throw new InvalidDataException($"Published demo article '{article.Title}' has no publishedAt."),
                _ => (DateTimeOffset?)null,
            };
            var draft = new ArticleDraft(
                article.Title, article.BodyHtml, categoryIds[article.Category], article.Excerpt, article.Subtitle,
                article.Author is null ? null : authorIds[article.Author],
                article.Image is { } image ? new Articles.ArticleImage(image.Url, image.Alt, image.Caption, image.Credit) : null,
                article.CommentsOpen);
            // A published article was last touched when it went out; a draft or a scheduled one, now.
            var touched = article.Status == "published" ? publishedAt : null;
            var articleId = writer.InsertArticle(draft, writer.UniqueSlug(ContentWriter.Articles, article.Title), article.Status, publishedAt, touched);
            writer.SetTags(articleId, article.Tags ?? []);

            var commentIds = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var comment in article.Comments ?? [])
            {
                commentIds[comment.Key] = writer.InsertComment(new NewComment(
                    articleId, comment.ReplyTo is null ? null : commentIds[comment.ReplyTo], comment.AuthorName, comment.AuthorEmail,
                    comment.AuthorUrl, comment.Body, comment.Status, comment.CreatedAt));
            }
        }

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

    private sealed record DemoContent(IReadOnlyList<DemoCategory> Categories, IReadOnlyList<DemoAuthor> Authors, IReadOnlyList<DemoArticle> Articles);

    private sealed record DemoCategory(string Key, string Name, string? Description, string? Parent);

    private sealed record DemoAuthor(string Key, string Name, string? Bio);

    private sealed record DemoImage(string Url, string? Alt, string? Caption, string? Credit);

    private sealed record DemoArticle(
        string Title, string? Subtitle, string Excerpt, string Category, string? Author, IReadOnlyList<string> Tags, string Status,
        DateTimeOffset? PublishedAt, int? PublishInDays, bool CommentsOpen, DemoImage? Image, string BodyHtml, IReadOnlyList<DemoComment> Comments);

    private sealed record DemoComment(string Key, string AuthorName, string AuthorEmail, string? AuthorUrl, string Body, DateTimeOffset CreatedAt, string? ReplyTo, string Status);
}
