using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace NewsApi.Import;

public sealed record WxrCategory(string Slug, string Name, string? ParentSlug, string? Description);

public sealed record WxrAuthor(string Login, string DisplayName);

public sealed record WxrTerm(string Domain, string Slug, string Name);

public sealed record WxrComment(long Id, long ParentId, string Author, string Email, string? Url, string? Ip, DateTimeOffset? Date, string Content, string Approved);

public sealed record WxrPost(
    long Id, string Title, string PostName, string Content, string Excerpt, string Creator, DateTimeOffset? DateGmt,
    string Status, string PostType, IReadOnlyList<WxrTerm> Terms, IReadOnlyList<WxrComment> Comments,
    // Old links (issue 17): the post's permalink, its guid, and the site's address (wp:base_blog_url, else wp:base_site_url).
    string Link = "", string GuidText = "", string SiteUrl = "");

/// <summary>An uploaded file (post type <c>attachment</c>) that galleries and image blocks name by id.</summary>
public sealed record WxrAttachment(long Id, long ParentId, int MenuOrder, string Url, string? Alt, string? Caption);

/// <summary>
/// Streams a WordPress eXtended RSS (WXR 1.1/1.2) export: authors, categories and posts in document order, one
/// element at a time, so a large archive never has to fit in memory.
/// </summary>
public static class WxrReader
{
    private static readonly XNamespace Wp = "http://wordpress.org/export/1.2/";
    private static readonly XNamespace Wp11 = "http://wordpress.org/export/1.1/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Excerpt = "http://wordpress.org/export/1.2/excerpt/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public static IEnumerable<object> Read(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(stream, settings);
        var site = "";
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "author" when IsWp(reader.NamespaceURI):
                    yield return Author((XElement)XNode.ReadFrom(reader));
                    break;
                case "category" when IsWp(reader.NamespaceURI):
                    yield return Category((XElement)XNode.ReadFrom(reader));
                    break;
                case "item" when reader.NamespaceURI.Length == 0:
                    yield return Post((XElement)XNode.ReadFrom(reader)) with { SiteUrl = site };
                    break;
                // The blog's address is where its posts live; the site's (where WordPress is installed) stands in without it.
                case "base_blog_url" or "base_site_url" when IsWp(reader.NamespaceURI):
                    var isBlog = reader.LocalName == "base_blog_url";
                    var url = reader.ReadElementContentAsString().Trim();
                    site = url.Length > 0 && (isBlog || site.Length == 0) ? url : site;
                    break;
                default:
                    reader.Read();
                    break;
            }
        }
    }

    private static bool IsWp(string ns) => ns == Wp.NamespaceName || ns == Wp11.NamespaceName;

    private static string Text(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsWp(e.Name.NamespaceName))?.Value.Trim() ?? string.Empty;

    private static WxrAuthor Author(XElement element) => new(Text(element, "author_login"), Text(element, "author_display_name") is { Length: > 0 } name ? name : Text(element, "author_login"));

    private static WxrCategory Category(XElement element) => new(
        Text(element, "category_nicename"),
        Text(element, "cat_name"),
        Text(element, "category_parent") is { Length: > 0 } parent ? parent : null,
        Text(element, "category_description") is { Length: > 0 } description ? description : null);

    private static WxrPost Post(XElement item) => new(
        long.TryParse(Text(item, "post_id"), CultureInfo.InvariantCulture, out var id) ? id : 0,
        item.Element("title")?.Value.Trim() ?? string.Empty,
        Text(item, "post_name"),
        item.Element(Content + "encoded")?.Value ?? string.Empty,
        item.Element(Excerpt + "encoded")?.Value.Trim() ?? string.Empty,
        item.Element(Dc + "creator")?.Value.Trim() ?? string.Empty,
        Date(Text(item, "post_date_gmt")),
        Text(item, "status"),
        Text(item, "post_type"),
        item.Elements("category").Select(c => new WxrTerm((string?)c.Attribute("domain") ?? "", (string?)c.Attribute("nicename") ?? "", c.Value.Trim())).ToList(),
        item.Elements().Where(e => e.Name.LocalName == "comment" && IsWp(e.Name.NamespaceName)).Select(Comment).ToList(),
        Link: item.Element("link")?.Value.Trim() ?? string.Empty,
        GuidText: item.Element("guid")?.Value.Trim() ?? string.Empty);

    private static WxrComment Comment(XElement element) => new(
        long.TryParse(Text(element, "comment_id"), CultureInfo.InvariantCulture, out var id) ? id : 0,
        long.TryParse(Text(element, "comment_parent"), CultureInfo.InvariantCulture, out var parent) ? parent : 0,
        Text(element, "comment_author"),
        Text(element, "comment_author_email"),
        Text(element, "comment_author_url") is { Length: > 0 } url ? url : null,
        Text(element, "comment_author_IP") is { Length: > 0 } ip ? ip : null,
        Date(Text(element, "comment_date_gmt")),
        Text(element, "comment_content"),
        Text(element, "comment_approved"));

    // WordPress writes "0000-00-00 00:00:00" for a draft that never had a date.
    private static DateTimeOffset? Date(string text) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date.Year > 1
            ? date
            : null;

    /// <summary>
    /// The export's attachments by id, read in a pass of their own: a gallery names images that WordPress usually
    /// writes after the post showing them. The stream is put back where it was; one that cannot seek gives none (its
    /// galleries then show nothing). A file that breaks off yields what was read before the break: the import proper
    /// reports the error.
    /// </summary>
    public static Dictionary<long, WxrAttachment> Attachments(Stream stream)
    {
        var attachments = new Dictionary<long, WxrAttachment>();
        if (!stream.CanSeek)
        {
            return attachments;
        }

        var start = stream.Position;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, CloseInput = false };
            using var reader = XmlReader.Create(stream, settings);
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "item" && reader.NamespaceURI.Length == 0)
                {
                    var item = (XElement)XNode.ReadFrom(reader);
                    if (Attachment(item) is { } attachment)
                    {
                        attachments[attachment.Id] = attachment;
                    }
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException)
        {
            // Reported by the import itself, with where and why.
        }
        finally
        {
            stream.Position = start;
        }

        return attachments;
    }

    private static WxrAttachment? Attachment(XElement item)
    {
        var meta = item.Elements().Where(e => e.Name.LocalName == "postmeta" && IsAnyWp(e.Name.NamespaceName))
            .Select(e => (Key: AnyWpText(e, "meta_key"), Value: AnyWpText(e, "meta_value")));
        return AnyWpText(item, "post_type") == "attachment"
            && long.TryParse(AnyWpText(item, "post_id"), CultureInfo.InvariantCulture, out var id)
            && AnyWpText(item, "attachment_url") is { Length: > 0 } url
            ? new WxrAttachment(
                id,
                long.TryParse(AnyWpText(item, "post_parent"), CultureInfo.InvariantCulture, out var parent) ? parent : 0,
                int.TryParse(AnyWpText(item, "menu_order"), CultureInfo.InvariantCulture, out var order) ? order : 0,
                url,
                meta.FirstOrDefault(m => m.Key == "_wp_attachment_image_alt").Value is { Length: > 0 } alt ? alt : null,
                item.Elements().FirstOrDefault(e => e.Name.LocalName == "encoded" && e.Name.NamespaceName.EndsWith("/excerpt/", StringComparison.Ordinal))?.Value.Trim() is { Length: > 0 } caption ? caption : null)
            : null;
    }

    // Any WXR namespace WordPress has written (http or https, 1.0 to 1.2): attachments are read before the export's
    // version is known.
    private static bool IsAnyWp(string ns) => ns.Contains("wordpress.org/export/", StringComparison.Ordinal) && !ns.EndsWith("/excerpt/", StringComparison.Ordinal);

    private static string AnyWpText(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsAnyWp(e.Name.NamespaceName))?.Value.Trim() ?? string.Empty;
}
