using System.Text;
using Dapper;
using System.Data.Common;
using NewsApi.Data;
using NewsApi.Text;

namespace NewsApi.Import;

public sealed record ImportOutcome(string Post, string Result, string? Reason);

public sealed record ImportSummary(int Imported, int Skipped, int Failed, int Comments, IReadOnlyList<ImportOutcome> Outcomes);

/// <summary>
/// Imports a WordPress WXR export: posts with their status and dates, categories with parents, tags, authors and
/// approved comments with their threading. Each post is one transaction, and a post whose slug already exists is
/// skipped, so running the same import again changes nothing (nor do two imports of one file at once: the slug's
/// unique constraint lets one write the post, and the other, run again, skips it). Ids are the database's own.
/// </summary>
public sealed class WordPressImporter(Database database, TimeProvider clock, ILogger<WordPressImporter> logger)
{
    private const string FallbackCategoryName = "غير مصنف";

    public ImportSummary Import(Stream wxr, Action<int>? progress = null)
    {
        var categories = new Dictionary<string, WxrCategory>(StringComparer.Ordinal);
        var authors = new Dictionary<string, WxrAuthor>(StringComparer.Ordinal);
        var outcomes = new List<ImportOutcome>();
        var comments = 0;
        var seen = 0;

        // Galleries and image blocks name attachments by id, usually written after the post: read them first.
        var attachments = WxrReader.Attachments(wxr);

        foreach (var entry in WxrReader.Read(wxr))
        {
            switch (entry)
            {
                case WxrCategory category:
                    categories[category.Slug] = category;
                    break;
                case WxrAuthor author:
                    authors[author.Login] = author;
                    break;
                case WxrPost post:
                    var (outcome, imported) = ImportPost(post with { Content = WordPressContent.ToHtml(post.Content, attachments, post.Id) }, categories, authors);
                    outcomes.Add(outcome);
                    comments += imported;
                    progress?.Invoke(++seen);
                    break;
            }
        }

        return new ImportSummary(
            outcomes.Count(o => o.Result == "imported"), outcomes.Count(o => o.Result == "skipped"), outcomes.Count(o => o.Result == "failed"),
            comments, outcomes);
    }

    private (ImportOutcome Outcome, int Comments) ImportPost(WxrPost post, Dictionary<string, WxrCategory> categories, Dictionary<string, WxrAuthor> authors)
    {
        var label = post.Title.Length > 0 ? post.Title : $"post {post.Id}";
        if (post.PostType != "post")
        {
            return (new(label, "skipped", $"a {post.PostType}, not a post"), 0);
        }

        if (post.Status is "trash" or "auto-draft" or "inherit")
        {
            return (new(label, "skipped", $"status '{post.Status}'"), 0);
        }

        if (post.Title.Length == 0)
        {
            return (new(label, "failed", "no title"), 0);
        }

        if (string.IsNullOrWhiteSpace(post.Content))
        {
            return (new(label, "failed", "no content"), 0);
        }

        // Checked before anything parses the content, as the admin API checks bodyHtml.
        if (HtmlMarkup.NestsTooDeep(post.Content))
        {
            return (new(label, "failed", $"its HTML nests more than {HtmlMarkup.MaxDepth} elements inside one another"), 0);
        }

        var (status, publishedAt) = post.Status switch
        {
            "publish" when post.DateGmt is { } date => ("published", (DateTimeOffset?)date),
            "future" when post.DateGmt is { } date => ("scheduled", date),
            "publish" or "future" => ((string?)null, (DateTimeOffset?)null),
            _ => ("draft", null),
        };
        if (status is null)
        {
            return (new(label, "failed", "published without a publication date"), 0);
        }

        try
        {
            return ContentWriter.ClaimingSlug(database, write => WritePost(write, post, label, status, publishedAt, categories, authors));
        }
        catch (DbException exception) when (!Http.ProblemDetailsSetup.IsStorageUnavailable(exception))
        {
            // One post's data the database refuses fails that post; a database that cannot be reached fails the import.
            logger.LogWarning(exception, "Importing {Post} failed", label);
            return (new(label, "failed", exception.Message), 0);
        }
    }

    private (ImportOutcome Outcome, int Comments) WritePost(
        WriteScope write, WxrPost post, string label, string status, DateTimeOffset? publishedAt,
        Dictionary<string, WxrCategory> categories, Dictionary<string, WxrAuthor> authors)
    {
        var writer = new ContentWriter(write.Connection, write.Transaction, Timestamps.ToDb(clock.GetUtcNow()));
        var slug = SlugOf(post);
        if (writer.IdBySlug(ContentWriter.Articles, slug) is not null)
        {
            return (new(label, "skipped", $"an article with the slug '{slug}' exists (already imported?)"), 0);
        }

        var categoryTerm = post.Terms.FirstOrDefault(t => t.Domain == "category");
        var categoryId = categoryTerm is null
            ? EnsureCategory(writer, new WxrCategory(Slugs.FromTitle(FallbackCategoryName), FallbackCategoryName, null, null), categories)
            : EnsureCategory(writer, categories.GetValueOrDefault(categoryTerm.Slug) ?? new WxrCategory(categoryTerm.Slug, categoryTerm.Name, null, null), categories);
        var authorId = post.Creator.Length == 0 ? (long?)null : EnsureAuthor(writer, authors.GetValueOrDefault(post.Creator) ?? new WxrAuthor(post.Creator, post.Creator));

        var draft = new ArticleDraft(post.Title, post.Content, categoryId, post.Excerpt, AuthorId: authorId);
        var articleId = writer.InsertArticle(draft, slug, status, publishedAt, touchedAt: publishedAt);
        writer.SetTags(articleId, post.Terms.Where(t => t.Domain == "post_tag").Select(t => t.Name));
        // Old links (issue 17): the post's, its category's and its tags' WordPress addresses now lead here.
        Redirects.RedirectStore.RecordImported(write, post, articleId, categories, Timestamps.ToDb(clock.GetUtcNow()));
        return (new(label, "imported", null), ImportComments(writer, articleId, post.Comments));
    }

    /// <summary>
    /// WordPress percent-encodes Arabic slugs and cuts them at 200 bytes, sometimes inside a letter; such a slug,
    /// or none, is made again from the title.
    /// </summary>
    private static string SlugOf(WxrPost post)
    {
        var decoded = post.PostName.Length == 0 ? string.Empty : Uri.UnescapeDataString(post.PostName);
        var usable = decoded.Length > 0 && !decoded.Contains('%', StringComparison.Ordinal) && !decoded.Contains('\uFFFD', StringComparison.Ordinal)
            && Encoding.UTF8.GetByteCount(decoded) < 200;
        var slug = Slugs.FromTitle(usable ? decoded : post.Title);
        return slug.Length > 0 && !slug.All(char.IsAsciiDigit) ? slug : "post-" + post.Id;
    }

    private static long EnsureCategory(ContentWriter writer, WxrCategory category, Dictionary<string, WxrCategory> known)
    {
        var slug = Slugs.FromTitle(Uri.UnescapeDataString(category.Slug)) is { Length: > 0 } s ? s : Slugs.FromTitle(category.Name);
        if (writer.IdBySlug(ContentWriter.Categories, slug) is { } existing)
        {
            return existing;
        }

        long? parentId = category.ParentSlug is { } parent && parent != category.Slug
            ? EnsureCategory(writer, known.GetValueOrDefault(parent) ?? new WxrCategory(parent, Uri.UnescapeDataString(parent), null, null), known)
            : null;
        return writer.InsertCategory(category.Name.Length > 0 ? category.Name : slug, slug, category.Description, parentId);
    }

    private static long EnsureAuthor(ContentWriter writer, WxrAuthor author)
    {
        var slug = Slugs.FromTitle(author.DisplayName) is { Length: > 0 } s ? s : Slugs.FromTitle(author.Login);
        return writer.IdBySlug(ContentWriter.Authors, slug) ?? writer.InsertAuthor(author.DisplayName, slug, null);
    }

    /// <summary>Approved comments only, parents before replies; a reply to a comment not imported becomes top-level.</summary>
    private static int ImportComments(ContentWriter writer, long articleId, IReadOnlyList<WxrComment> comments)
    {
        var ids = new Dictionary<long, long>();
        var approved = comments.Where(c => c.Approved == "1" && c.Content.Length > 0).ToList();
        var pending = new Queue<WxrComment>(approved.OrderBy(c => c.Date).ThenBy(c => c.Id));
        var rounds = 0;
        while (pending.Count > 0 && rounds++ < approved.Count + 1)
        {
            var comment = pending.Dequeue();
            if (comment.ParentId != 0 && !ids.ContainsKey(comment.ParentId) && approved.Any(c => c.Id == comment.ParentId))
            {
                pending.Enqueue(comment);
                continue;
            }

            ids[comment.Id] = writer.InsertComment(new NewComment(
                articleId, ids.TryGetValue(comment.ParentId, out var parent) ? parent : null,
                comment.Author.Length > 0 ? comment.Author : "—", comment.Email, WebUrls.Normalize(comment.Url), PlainText(comment.Content), "approved",
                comment.Date ?? DateTimeOffset.UnixEpoch, comment.Ip));
        }

        return ids.Count;
    }

    // Comments are stored as plain text; WordPress keeps their light HTML.
    private static string PlainText(string html) =>
        ArticleHtml.Process(html).PlainText is { Length: > 0 } text ? text : html;
}
