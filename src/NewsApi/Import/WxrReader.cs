using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace NewsApi.Import;

public sealed record WxrCategory(string Slug, string Name, string? ParentSlug, string? Description);

public sealed record WxrAuthor(string Login, string DisplayName);

public sealed record WxrTerm(string Domain, string Slug, string Name);

/// <param name="Type">WordPress's <c>comment_type</c>: empty or <c>comment</c> for a reader's comment, <c>pingback</c>, <c>trackback</c>.</param>
public sealed record WxrComment(long Id, long ParentId, string Author, string Email, string? Url, string? Ip, DateTimeOffset? Date, string Content, string Approved,
    string Type = "");

/// <param name="DateGmt">post_date_gmt: null when absent or WordPress's zero date.</param>
/// <param name="Password">post_password: a non-empty one makes the post password-protected.</param>
/// <param name="Sticky">is_sticky: pinned to the front page.</param>
/// <param name="ThumbnailId">The <c>_thumbnail_id</c> meta: the attachment that is the post's featured image.</param>
/// <param name="AttachmentUrl">For an attachment: the file's URL.</param>
/// <param name="ImageAlt">For an attachment: its <c>_wp_attachment_image_alt</c> meta.</param>
/// <param name="LocalDate">post_date: the site's local time, whose offset the export does not carry.</param>
/// <param name="PubDate">The RSS pubDate (RFC 822).</param>
public sealed record WxrPost(
    long Id, string Title, string PostName, string Content, string Excerpt, string Creator, DateTimeOffset? DateGmt,
    string Status, string PostType, IReadOnlyList<WxrTerm> Terms, IReadOnlyList<WxrComment> Comments,
    string Password = "", bool Sticky = false, long? ThumbnailId = null, string? AttachmentUrl = null, string? ImageAlt = null,
    DateTimeOffset? LocalDate = null, DateTimeOffset? PubDate = null,
    // Old links (issue 17): the post's permalink, its guid, and the site's address (set by the importer: WordPressImporter.BaseUrlOf).
    string Link = "", string GuidText = "", string SiteUrl = "");

/// <summary>A value of the export's channel that says which site it is: <c>base_site_url</c>, <c>base_blog_url</c>, <c>link</c>, <c>wxr_version</c>.</summary>
public sealed record WxrChannelField(string Name, string Value);

/// <summary>An uploaded file (post type <c>attachment</c>) that galleries and image blocks name by id.</summary>
public sealed record WxrAttachment(long Id, long ParentId, int MenuOrder, string Url, string? Alt, string? Caption);

/// <summary>
/// Streams a WordPress eXtended RSS export: channel fields, authors, categories and items in document order, one
/// element at a time, so a large archive never has to fit in memory.
/// </summary>
/// <remarks>
/// WordPress has written its namespace as <c>http://wordpress.org/export/1.0/</c>, <c>…/1.1/</c> and <c>…/1.2/</c>,
/// and WordPress.com writes <c>https://</c>; the excerpt namespace follows it (<c>…/1.2/excerpt/</c>). Namespaces are
/// matched by that rule (either scheme, any version number), so an export of a future version, or one a plugin rewrote
/// to https, is read too. Plain-text fields (titles, names, excerpts, term names, descriptions) arrive with HTML entities
/// as WordPress stored them (<c>What&amp;#8217;s</c>) and are decoded here; bodies stay HTML.
/// Malformed XML throws <see cref="XmlException"/> (with its line and position) when the reader reaches it: what was
/// yielded before stays valid.
/// </remarks>
public static class WxrReader
{
    private static readonly XName ContentEncoded = XName.Get("encoded", "http://purl.org/rss/1.0/modules/content/");
    private static readonly XName Creator = XName.Get("creator", "http://purl.org/dc/elements/1.1/");

    private static readonly string[] ChannelFields = ["base_site_url", "base_blog_url", "wxr_version"];

    private static readonly System.Buffers.SearchValues<char> VersionCharacters = System.Buffers.SearchValues.Create("0123456789.");

    public static IEnumerable<object> Read(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(stream, settings);
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
                    yield return Post((XElement)XNode.ReadFrom(reader));
                    break;
                case var name when IsWp(reader.NamespaceURI) && ChannelFields.Contains(name):
                    yield return new WxrChannelField(name, ((XElement)XNode.ReadFrom(reader)).Value.Trim());
                    break;
                // The channel's own link (rss > channel > link); an item's link is read with its item.
                case "link" when reader.NamespaceURI.Length == 0 && reader.Depth == 2:
                    yield return new WxrChannelField("link", ((XElement)XNode.ReadFrom(reader)).Value.Trim());
                    break;
                default:
                    reader.Read();
                    break;
            }
        }
    }

    /// <summary>WordPress's export namespace in any version and either scheme: <c>http(s)://wordpress.org/export/N.N/</c>.</summary>
    public static bool IsWp(string ns) => ExportVersion(ns, "");

    /// <summary>The excerpt namespace that goes with it: <c>http(s)://wordpress.org/export/N.N/excerpt/</c>.</summary>
    public static bool IsExcerpt(string ns) => ExportVersion(ns, "excerpt/");

    private static bool ExportVersion(string ns, string suffix)
    {
        var rest = ns.AsSpan();
        if (rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[8..];
        }
        else if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[7..];
        }
        else
        {
            return false;
        }

        const string Base = "wordpress.org/export/";
        if (rest.Length < Base.Length + suffix.Length + 2 || !rest.StartsWith(Base, StringComparison.OrdinalIgnoreCase) || !rest.EndsWith("/" + suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var version = rest[Base.Length..^(suffix.Length + 1)];
        return version.Length > 0 && char.IsAsciiDigit(version[0]) && !version.ContainsAnyExcept(VersionCharacters);
    }

    private static string Text(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsWp(e.Name.NamespaceName))?.Value.Trim() ?? string.Empty;

    /// <summary>A plain-text value with WordPress's HTML entities decoded (<c>&amp;laquo;</c> → «, <c>&amp;#8217;</c> → ’).</summary>
    internal static string Plain(string text) => text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text).Trim() : text;

    private static WxrAuthor Author(XElement element) => new(
        Text(element, "author_login"),
        Plain(Text(element, "author_display_name") is { Length: > 0 } name ? name : Text(element, "author_login")));

    private static WxrCategory Category(XElement element) => new(
        Text(element, "category_nicename"),
        Plain(Text(element, "cat_name")),
        Text(element, "category_parent") is { Length: > 0 } parent ? parent : null,
        Text(element, "category_description") is { Length: > 0 } description ? Plain(description) : null);

    private static WxrPost Post(XElement item)
    {
        var meta = item.Elements().Where(e => e.Name.LocalName == "postmeta" && IsWp(e.Name.NamespaceName))
            .Select(m => (Key: Text(m, "meta_key"), Value: Text(m, "meta_value")))
            .ToList();
        string? Meta(string key) => meta.FirstOrDefault(m => m.Key == key).Value is { Length: > 0 } value ? value : null;

        return new(
            Number(Text(item, "post_id")),
            Plain(item.Element("title")?.Value.Trim() ?? string.Empty),
            Text(item, "post_name"),
            item.Element(ContentEncoded)?.Value ?? string.Empty,
            Plain(item.Elements().FirstOrDefault(e => e.Name.LocalName == "encoded" && IsExcerpt(e.Name.NamespaceName))?.Value.Trim() ?? string.Empty),
            item.Element(Creator)?.Value.Trim() ?? string.Empty,
            Date(Text(item, "post_date_gmt")),
            Text(item, "status"),
            Text(item, "post_type"),
            item.Elements("category").Select(c => new WxrTerm((string?)c.Attribute("domain") ?? "", (string?)c.Attribute("nicename") ?? "", Plain(c.Value.Trim()))).ToList(),
            item.Elements().Where(e => e.Name.LocalName == "comment" && IsWp(e.Name.NamespaceName)).Select(Comment).ToList(),
            Text(item, "post_password"),
            Text(item, "is_sticky") == "1",
            Meta("_thumbnail_id") is { } thumbnail && long.TryParse(thumbnail, CultureInfo.InvariantCulture, out var thumbnailId) ? thumbnailId : (long?)null,
            Text(item, "attachment_url") is { Length: > 0 } url ? url : null,
            Meta("_wp_attachment_image_alt") is { } alt ? Plain(alt) : null,
            Date(Text(item, "post_date")),
            PubDate(item.Element("pubDate")?.Value),
            Link: item.Element("link")?.Value.Trim() ?? string.Empty,
            GuidText: item.Element("guid")?.Value.Trim() ?? string.Empty);
    }

    private static WxrComment Comment(XElement element) => new(
        Number(Text(element, "comment_id")),
        Number(Text(element, "comment_parent")),
        Plain(Text(element, "comment_author")),
        Text(element, "comment_author_email"),
        Text(element, "comment_author_url") is { Length: > 0 } url ? url : null,
        Text(element, "comment_author_IP") is { Length: > 0 } ip ? ip : null,
        Date(Text(element, "comment_date_gmt")) ?? Date(Text(element, "comment_date")),
        Text(element, "comment_content"),
        Text(element, "comment_approved"),
        Text(element, "comment_type"));

    private static long Number(string text) => long.TryParse(text, CultureInfo.InvariantCulture, out var number) ? number : 0;

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
        var meta = item.Elements().Where(e => e.Name.LocalName == "postmeta" && IsWp(e.Name.NamespaceName))
            .Select(e => (Key: Text(e, "meta_key"), Value: Text(e, "meta_value")));
        return Text(item, "post_type") == "attachment"
            && long.TryParse(Text(item, "post_id"), CultureInfo.InvariantCulture, out var id)
            && Text(item, "attachment_url") is { Length: > 0 } url
            ? new WxrAttachment(
                id,
                long.TryParse(Text(item, "post_parent"), CultureInfo.InvariantCulture, out var parent) ? parent : 0,
                int.TryParse(Text(item, "menu_order"), CultureInfo.InvariantCulture, out var order) ? order : 0,
                url,
                meta.FirstOrDefault(m => m.Key == "_wp_attachment_image_alt").Value is { Length: > 0 } alt ? alt : null,
                item.Elements().FirstOrDefault(e => e.Name.LocalName == "encoded" && IsExcerpt(e.Name.NamespaceName))?.Value.Trim() is { Length: > 0 } caption ? caption : null)
            : null;
    }

    /// <summary>
    /// RFC 822 as WordPress writes it (<c>Fri, 29 Nov 2024 10:00:00 +0000</c>); a draft's is the zero date
    /// (<c>Mon, 30 Nov -0001 00:00:00 +0000</c>), which parses as nothing.
    /// </summary>
    private static DateTimeOffset? PubDate(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        string[] formats = ["ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz", "dd MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz"];
        // .NET reads "+0000" with zzz only as "+00:00": put the colon in.
        var normalised = trimmed.Length > 5 && trimmed[^5] is '+' or '-' && trimmed[^4..].All(char.IsAsciiDigit)
            ? trimmed[..^2] + ":" + trimmed[^2..]
            : trimmed.Replace(" GMT", " +00:00", StringComparison.Ordinal).Replace(" UTC", " +00:00", StringComparison.Ordinal);
        return DateTimeOffset.TryParseExact(normalised, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date) && date.Year > 1
            ? date.ToUniversalTime()
            : null;
    }
}
