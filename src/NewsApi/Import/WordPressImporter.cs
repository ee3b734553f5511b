using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Dapper;
using System.Data.Common;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Text;

namespace NewsApi.Import;

/// <param name="Kind">Why, as a word to count by: see <see cref="ImportOutcomeKinds"/>.</param>
public sealed record ImportOutcome(string Post, string Result, string? Reason, string? Kind = null);

/// <summary>The kinds of <see cref="ImportOutcome"/> the summary counts separately.</summary>
public static class ImportOutcomeKinds
{
    public const string AlreadyImported = "already imported";
    public const string NotAPost = "not a post";
    public const string NotImportedStatus = "trashed or automatic";
    public const string Protected = "password-protected";
}

/// <summary>Where reading the export stopped: the XML parser's line, column and message.</summary>
public sealed record WxrReadError(int Line, int Column, string Message);

/// <param name="AlreadyImported">Of <paramref name="Skipped"/>: posts this database has from an earlier import.</param>
/// <param name="PingbacksSkipped">Pingbacks and trackbacks, which are not readers' comments.</param>
/// <param name="Protected">Password-protected posts, imported as drafts.</param>
/// <param name="ReadError">Set when the file stopped being readable XML; what came before it was imported.</param>
public sealed record ImportSummary(int Imported, int Skipped, int Failed, int Comments, IReadOnlyList<ImportOutcome> Outcomes,
    int AlreadyImported = 0, int PingbacksSkipped = 0, int Protected = 0, WxrReadError? ReadError = null)
{
    /// <summary>Posts the file holds that this database has or was asked to take: none means nothing here was importable.</summary>
    public bool FoundPosts => Imported + Failed + AlreadyImported > 0;
}

/// <summary>
/// Imports a WordPress WXR export: posts with their status and dates, categories with parents, tags, authors,
/// approved comments with their threading, featured images, sticky posts and each post's language. Each post is one
/// transaction. Each imported post's origin (its site and WordPress id) is remembered, and a post whose origin is
/// known is skipped, so running the same import again changes nothing (nor do two imports of one file at once: the
/// origin's primary key lets one write the post, and the other skips it). Ids and slugs are the database's own: a
/// post without a post_name, or whose slug another article has, gets a free one (<c>-2</c>, <c>-3</c>…).
/// </summary>
public sealed partial class WordPressImporter(Database database, TimeProvider clock, ILogger<WordPressImporter> logger)
{
    private const string FallbackCategoryName = "غير مصنف";

    /// <summary>The title of a post with neither title nor text to take one from (WordPress shows "(no title)").</summary>
    public const string PlaceholderTitle = "(بلا عنوان)";

    /// <summary>How many characters of the body a title is taken from when the post has none.</summary>
    public const int DerivedTitleLength = 80;

    /// <param name="wxr">
    /// The export. When it can seek, it is read twice: a first pass collects the attachments (a featured image may come
    /// after the post that shows it), keeping only their URL, alt text and caption; the second imports. A stream that
    /// cannot seek is read once, and a featured image listed after its post is then not found.
    /// </param>
    public ImportSummary Import(Stream wxr, Action<int>? progress = null)
    {
        // Galleries, image blocks and featured images name attachments by id, usually written after the post: read first.
        var media = WxrReader.Attachments(wxr);
        var attachments = media.ToDictionary(entry => entry.Key, entry => ImageOf(entry.Value));
        var categories = new Dictionary<string, WxrCategory>(StringComparer.Ordinal);
        var authors = new Dictionary<string, WxrAuthor>(StringComparer.Ordinal);
        var channel = new Dictionary<string, string>(StringComparer.Ordinal);
        var outcomes = new List<ImportOutcome>();
        var (comments, pingbacks, seen) = (0, 0, 0);
        WxrReadError? readError = null;

        using (var entries = WxrReader.Read(wxr).GetEnumerator())
        {
            while (true)
            {
                try
                {
                    if (!entries.MoveNext())
                    {
                        break;
                    }
                }
                catch (XmlException exception)
                {
                    // What was read before stays imported: each post is its own transaction.
                    readError = new WxrReadError(exception.LineNumber, exception.LinePosition, exception.Message);
                    break;
                }

                switch (entries.Current)
                {
                    case WxrChannelField field:
                        channel[field.Name] = field.Value;
                        break;
                    case WxrCategory category:
                        categories[category.Slug] = category;
                        break;
                    case WxrAuthor author:
                        authors[author.Login] = author;
                        break;
                    case WxrPost { PostType: "attachment" } attachment when !wxr.CanSeek:
                        attachments[attachment.Id] = ImageOf(attachment);
                        outcomes.Add(new(Label(attachment), "skipped", "a attachment, not a post", ImportOutcomeKinds.NotAPost));
                        progress?.Invoke(++seen);
                        break;
                    case WxrPost post:
                        var context = new PostContext(SiteOf(channel), categories, authors, attachments);
                        var (outcome, imported, skippedPings) = ImportPost(
                            post with { Content = WordPressContent.ToHtml(post.Content, media, post.Id), SiteUrl = BaseUrlOf(channel) }, context);
                        outcomes.Add(outcome);
                        comments += imported;
                        pingbacks += skippedPings;
                        progress?.Invoke(++seen);
                        break;
                }
            }
        }

        return new ImportSummary(
            outcomes.Count(o => o.Result == "imported"), outcomes.Count(o => o.Result == "skipped"), outcomes.Count(o => o.Result == "failed"),
            comments, outcomes,
            AlreadyImported: outcomes.Count(o => o.Kind == ImportOutcomeKinds.AlreadyImported),
            PingbacksSkipped: pingbacks,
            Protected: outcomes.Count(o => o.Kind == ImportOutcomeKinds.Protected),
            ReadError: readError);
    }

    /// <summary>An attachment of the first pass as an article image: URL (http or https only), alt text and caption.</summary>
    private static ArticleImage? ImageOf(WxrAttachment attachment) =>
        WebUrls.Normalize(attachment.Url) is { } url
            ? new ArticleImage(url, Blank(WxrReader.Plain(attachment.Alt ?? "")), Blank(WxrReader.Plain(attachment.Caption ?? "")), null)
            : null;

    /// <summary>An attachment as an article image: its URL (http or https only), alt text, and its excerpt as the caption.</summary>
    private static ArticleImage? ImageOf(WxrPost attachment) =>
        WebUrls.Normalize(attachment.AttachmentUrl) is { } url
            ? new ArticleImage(url, Blank(attachment.ImageAlt), Blank(attachment.Excerpt), null)
            : null;

    /// <summary>
    /// The site an export comes from, as its posts' origin: the blog's base URL (a network's site), else the site's, else
    /// the channel's link, without the scheme (a site moved to https is the same site) or a trailing slash.
    /// </summary>
    internal static string SiteOf(Dictionary<string, string> channel)
    {
        var site = BaseUrlOf(channel) is { Length: > 0 } baseUrl ? baseUrl : channel.GetValueOrDefault("link")?.Trim() ?? "";
        if (site.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            site = site[8..];
        }
        else if (site.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            site = site[7..];
        }

        return site.TrimEnd('/').ToLowerInvariant();
    }

    /// <summary>
    /// The address the site's posts live under, as the export wrote it: the blog's (<c>base_blog_url</c>), else the
    /// site's, where WordPress is installed (<c>base_site_url</c>); empty without either.
    /// </summary>
    internal static string BaseUrlOf(IReadOnlyDictionary<string, string> channel) =>
        BaseUrlFields.Select(field => channel.GetValueOrDefault(field)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() ?? "";

    private static readonly string[] BaseUrlFields = ["base_blog_url", "base_site_url"];

    private static readonly char[] SentenceEnds = ['.', '!', '?', '؟', '…'];

    private sealed record PostContext(
        string Site, Dictionary<string, WxrCategory> Categories, Dictionary<string, WxrAuthor> Authors, Dictionary<long, ArticleImage?> Attachments);

    private static string Label(WxrPost post) => post.Title.Length > 0 ? post.Title : $"post {post.Id}";

    private (ImportOutcome Outcome, int Comments, int Pingbacks) ImportPost(WxrPost post, PostContext context)
    {
        var label = Label(post);
        if (post.PostType != "post")
        {
            return (new(label, "skipped", $"a {post.PostType}, not a post", ImportOutcomeKinds.NotAPost), 0, 0);
        }

        if (post.Status is "trash" or "auto-draft" or "inherit")
        {
            return (new(label, "skipped", $"status '{post.Status}'", ImportOutcomeKinds.NotImportedStatus), 0, 0);
        }

        // Checked before anything parses the content, as the admin API checks bodyHtml.
        if (HtmlMarkup.NestsTooDeep(post.Content))
        {
            return (new(label, "failed", $"its HTML nests more than {HtmlMarkup.MaxDepth} elements inside one another"), 0, 0);
        }

        var (status, publishedAt) = post.Status switch
        {
            "publish" => ("published", (DateTimeOffset?)PublicationDate(post)),
            "future" => ("scheduled", PublicationDate(post)),
            _ => ("draft", null),
        };

        // A password-protected post is never public as open content: it arrives as a draft, for an editor to decide.
        var isProtected = post.Password.Length > 0;
        if (isProtected)
        {
            (status, publishedAt) = ("draft", null);
        }

        try
        {
            return ContentWriter.ClaimingSlug(database, write => WritePost(write, post, label, status, publishedAt, isProtected, context));
        }
        catch (Npgsql.PostgresException exception) when (exception.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && exception.ConstraintName == "imported_posts_pkey")
        {
            // A concurrent import of the same file wrote this post first.
            return (new(label, "skipped", "already imported", ImportOutcomeKinds.AlreadyImported), 0, 0);
        }
        catch (DbException exception) when (!Http.ProblemDetailsSetup.IsStorageUnavailable(exception))
        {
            // One post's data the database refuses fails that post; a database that cannot be reached fails the import.
            logger.LogWarning(exception, "Importing {Post} failed", label);
            return (new(label, "failed", exception.Message), 0, 0);
        }
    }

    /// <summary>
    /// When a published or scheduled post went (goes) public: post_date_gmt; else post_date, the site's local time taken
    /// as UTC (the export does not say the site's time zone); else the RSS pubDate; else now, as WordPress dates a post
    /// it publishes without one.
    /// </summary>
    private DateTimeOffset PublicationDate(WxrPost post) => post.DateGmt ?? post.LocalDate ?? post.PubDate ?? clock.GetUtcNow();

    private (ImportOutcome Outcome, int Comments, int Pingbacks) WritePost(
        WriteScope write, WxrPost post, string label, string status, DateTimeOffset? publishedAt, bool isProtected, PostContext context)
    {
        var writer = new ContentWriter(write.Connection, write.Transaction, Timestamps.ToDb(clock.GetUtcNow()));
        if (Origin(write, context.Site, post.Id) is { } known)
        {
            var reason = known.ArticleId is { } id ? $"already imported (article {id})" : "already imported, and deleted since";
            return (new(label, "skipped", reason, ImportOutcomeKinds.AlreadyImported), 0, 0);
        }

        var wantedSlug = UsablePostName(post);
        var title = post.Title.Length > 0 ? post.Title : DerivedTitle(post);
        if (wantedSlug is not null && ImportedBeforeOrigins(write, wantedSlug, title) is { } earlier)
        {
            RememberOrigin(write, context.Site, post.Id, earlier);
            return (new(label, "skipped", $"already imported (article {earlier}, matched by slug and title)", ImportOutcomeKinds.AlreadyImported), 0, 0);
        }

        var slug = writer.UniqueSlug(ContentWriter.Articles, wantedSlug ?? title);
        var categoryTerm = post.Terms.FirstOrDefault(t => t.Domain == "category")
            // WXR 1.0 also lists the categories without a domain.
            ?? post.Terms.FirstOrDefault(t => t.Domain.Length == 0);
        var categoryId = categoryTerm is null
            ? EnsureCategory(writer, new WxrCategory(Slugs.FromTitle(FallbackCategoryName), FallbackCategoryName, null, null), context.Categories)
            : EnsureCategory(writer, context.Categories.GetValueOrDefault(categoryTerm.Slug) ?? new WxrCategory(categoryTerm.Slug.Length > 0 ? categoryTerm.Slug : categoryTerm.Name, categoryTerm.Name, null, null), context.Categories);
        var authorId = post.Creator.Length == 0 ? (long?)null : EnsureAuthor(writer, context.Authors.GetValueOrDefault(post.Creator) ?? new WxrAuthor(post.Creator, post.Creator));
        var image = post.ThumbnailId is { } thumbnail ? context.Attachments.GetValueOrDefault(thumbnail) : null;
        var language = TextLanguage.Detect(string.Join('\n', title, post.Excerpt, VisibleText(post.Content)));

        var draft = new ArticleDraft(title, post.Content, categoryId, post.Excerpt, AuthorId: authorId,
            Image: image, Language: language.Language, Direction: language.Direction, Featured: post.Sticky);
        var articleId = writer.InsertArticle(draft, slug, status, publishedAt, touchedAt: publishedAt);
        // WXR 1.0 calls tags "tag"; later versions "post_tag".
        writer.SetTags(articleId, post.Terms.Where(t => t.Domain is "post_tag" or "tag").Select(t => t.Name));
        RememberOrigin(write, context.Site, post.Id, articleId);
        // Old links: the post's, its category's and its tags' WordPress addresses now lead here.
        Redirects.RedirectStore.RecordImported(write, post, articleId, context.Categories, Timestamps.ToDb(clock.GetUtcNow()));
        var (comments, pingbacks) = ImportComments(writer, articleId, post.Comments);
        return isProtected
            ? (new(label, "imported", "password-protected: imported as a draft", ImportOutcomeKinds.Protected), comments, pingbacks)
            : (new(label, "imported", null), comments, pingbacks);
    }

    /// <param name="ArticleId">Null when the article was deleted since.</param>
    private sealed record KnownOrigin(long? ArticleId);

    private static KnownOrigin? Origin(WriteScope write, string site, long postId)
    {
        var rows = write.Connection.Query<long?>(
            "SELECT article_id FROM imported_posts WHERE site = @site AND post_id = @postId", new { site, postId }, write.Transaction).AsList();
        return rows.Count == 0 ? null : new KnownOrigin(rows[0]);
    }

    private void RememberOrigin(WriteScope write, string site, long postId, long articleId)
    {
        const string sql = """
            INSERT INTO imported_posts (site, post_id, article_id, imported_at)
            VALUES (@site, @postId, @articleId, @now)
            """;
        write.Connection.Execute(sql, new { site, postId, articleId, now = Timestamps.ToDb(clock.GetUtcNow()) }, write.Transaction);
    }

    /// <summary>
    /// An article that an import from before origins were remembered wrote for this post: it has the post's slug and
    /// title and no origin. Claiming it keeps upgrading from importing everything a second time.
    /// </summary>
    private static long? ImportedBeforeOrigins(WriteScope write, string slug, string title)
    {
        const string sql = """
            SELECT a.id FROM articles a
            WHERE a.slug = @slug AND a.title = @title AND NOT EXISTS (SELECT 1 FROM imported_posts o WHERE o.article_id = a.id)
            """;
        return write.Connection.QuerySingleOrDefault<long?>(sql, new { slug = Slugs.FromTitle(slug), title = title.Trim() }, write.Transaction);
    }

    /// <summary>
    /// WordPress percent-encodes Arabic slugs and cuts them at 200 bytes, sometimes inside a letter; such a slug, one
    /// of digits only, or none, is made again from the title (null here).
    /// </summary>
    private static string? UsablePostName(WxrPost post)
    {
        var decoded = post.PostName.Length == 0 ? string.Empty : Uri.UnescapeDataString(post.PostName);
        var usable = decoded.Length > 0 && !decoded.Contains('%', StringComparison.Ordinal) && !decoded.Contains('\uFFFD', StringComparison.Ordinal)
            && Encoding.UTF8.GetByteCount(decoded) < 200 && Slugs.FromTitle(decoded) is { Length: > 0 } slug
            // WordPress names an untitled post by its id; its derived title makes a slug that says something.
            && !slug.All(char.IsAsciiDigit);
        return usable ? decoded : null;
    }

    /// <summary>
    /// A title for a post published without one, as readers would name it: its first sentence, or its first words up
    /// to <see cref="DerivedTitleLength"/> characters cut at a word, from the body or else the excerpt; with no text at
    /// all, <see cref="PlaceholderTitle"/>.
    /// </summary>
    internal static string DerivedTitle(WxrPost post)
    {
        var text = Whitespace().Replace(VisibleText(post.Content), " ").Trim();
        if (text.Length == 0)
        {
            text = Whitespace().Replace(post.Excerpt, " ").Trim();
        }

        if (text.Length == 0)
        {
            return PlaceholderTitle;
        }

        var end = text.IndexOfAny(SentenceEnds);
        if (end > 0 && end < DerivedTitleLength)
        {
            return text[..end].Trim();
        }

        if (text.Length <= DerivedTitleLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', DerivedTitleLength);
        return text[..(cut > 0 ? cut : DerivedTitleLength)].Trim() + "…";
    }

    /// <summary>The words a reader sees in a body, roughly: tags, shortcodes and entities out. For titles and language only.</summary>
    private static string VisibleText(string html) =>
        System.Net.WebUtility.HtmlDecode(Markup().Replace(html, " "));

    [GeneratedRegex(@"<[^>]*>|\[/?[a-zA-Z_][^\]]*\]|<!--.*?-->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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

    /// <summary>
    /// Approved readers' comments only, parents before replies; a reply to a comment not imported becomes top-level.
    /// Pingbacks and trackbacks are notices from other sites, not readers' comments: they are counted, not imported.
    /// </summary>
    private static (int Comments, int Pingbacks) ImportComments(ContentWriter writer, long articleId, IReadOnlyList<WxrComment> comments)
    {
        var ids = new Dictionary<long, long>();
        var pingbacks = comments.Count(c => c.Type is "pingback" or "trackback");
        var approved = comments.Where(c => c.Approved == "1" && c.Content.Length > 0 && c.Type is not ("pingback" or "trackback"))
            .DistinctBy(c => c.Id).ToList();
        foreach (var comment in ParentsFirst(approved))
        {
            ids[comment.Id] = writer.InsertComment(new NewComment(
                articleId, ids.TryGetValue(comment.ParentId, out var parent) ? parent : null,
                comment.Author.Length > 0 ? comment.Author : "—", comment.Email, WebUrls.Normalize(comment.Url), PlainText(comment.Content), "approved",
                comment.Date ?? DateTimeOffset.UnixEpoch, comment.Ip));
        }

        return (ids.Count, pingbacks);
    }

    /// <summary>
    /// Each thread from its first comment down, every comment after its parent whatever their dates (a reply dated
    /// before its parent, or both undated, still comes after it), siblings by date. A reply whose parent is not
    /// imported, or that is caught in a loop of parents, starts a thread of its own.
    /// </summary>
    private static List<WxrComment> ParentsFirst(List<WxrComment> comments)
    {
        var known = comments.Select(c => c.Id).ToHashSet();
        var replies = comments.ToLookup(c => known.Contains(c.ParentId) && c.ParentId != c.Id ? c.ParentId : 0);
        var ordered = new List<WxrComment>(comments.Count);
        var placed = new HashSet<long>();
        foreach (var root in replies[0].OrderBy(c => c.Date).ThenBy(c => c.Id).Concat(comments.OrderBy(c => c.Date).ThenBy(c => c.Id)))
        {
            // Depth first with a stack (a thread can be thousands deep), children pushed latest first to come out earliest.
            var stack = new Stack<WxrComment>([root]);
            while (stack.Count > 0)
            {
                var comment = stack.Pop();
                if (!placed.Add(comment.Id))
                {
                    continue;
                }

                ordered.Add(comment);
                foreach (var reply in replies[comment.Id].OrderByDescending(c => c.Date).ThenByDescending(c => c.Id))
                {
                    stack.Push(reply);
                }
            }
        }

        return ordered;
    }

    // Comments are stored as plain text; WordPress keeps their light HTML.
    private static string PlainText(string html) =>
        ArticleHtml.Process(html).PlainText is { Length: > 0 } text ? text : html;
}
