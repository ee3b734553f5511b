using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsApi.Text;

namespace NewsApi.Import;

/// <summary>
/// Turns a WordPress post's stored content into the HTML WordPress itself would show, before the content pipeline
/// (<see cref="ArticleHtml"/>) sanitises it and reads its blocks: Gutenberg block comments mapped where they carry
/// meaning (embeds, galleries, images), shortcodes expanded ([caption], [gallery], [embed], [video], [audio]; others
/// removed with their text kept), media URLs alone on a line embedded, and, for classic-editor posts, WordPress's
/// auto-paragraphs (<c>wpautop</c>). Everything written here is escaped, and the sanitiser still has the last word.
/// </summary>
/// <remarks>
/// Every pattern runs without backtracking and every scan moves forward, so hostile content costs time in proportion
/// to its length; the import checks nesting depth on the result as the admin API does on <c>bodyHtml</c>.
/// </remarks>
public static partial class WordPressContent
{
    private static readonly IReadOnlyDictionary<long, WxrAttachment> NoAttachments = new Dictionary<long, WxrAttachment>();

    // Shortcodes this class expands; any other is removed and its inner text kept.
    private static readonly HashSet<string> Expanded = new(StringComparer.OrdinalIgnoreCase)
    {
        "caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist",
    };

    // Nested shortcodes deeper than this are left as text: no real post nests more than a page builder's few levels.
    private const int MaxShortcodeDepth = 32;

    /// <summary>
    /// The HTML of one post's <c>content:encoded</c>. <paramref name="attachments"/> (from
    /// <see cref="WxrReader.Attachments"/>) resolve the images a gallery or image block names by id;
    /// <paramref name="postId"/> finds the images attached to the post for a <c>[gallery]</c> naming none.
    /// </summary>
    public static string ToHtml(string content, IReadOnlyDictionary<long, WxrAttachment>? attachments = null, long postId = 0)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(content))
        {
            return content;
        }

        var media = attachments ?? NoAttachments;
        var text = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var blocks = text.Contains("<!-- wp:", StringComparison.Ordinal);
        if (blocks)
        {
            text = Gutenberg(text, media);
        }

        text = new ShortcodeExpander(media, postId).Expand(text, 0);
        text = AutoEmbed(text);

        // A block editor post is already in paragraphs; WordPress runs wpautop on classic posts only.
        return blocks ? text : Autop(text);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Embeds

    /// <summary>The canonical embed: a link alone in a figure, which <see cref="ArticleHtml"/> reads as an embed block.</summary>
    internal static string EmbedFigure(string url, string? captionHtml)
    {
        var escaped = HtmlText.Escape(url);
        var caption = string.IsNullOrWhiteSpace(captionHtml) ? "" : $"<figcaption>{captionHtml.Trim()}</figcaption>";
        return $"\n\n<figure><a href=\"{escaped}\">{escaped}</a>{caption}</figure>\n\n";
    }

    /// <summary>
    /// A URL of a known media service alone on its line, or alone in a paragraph, is embedded, as WordPress's
    /// autoembed does; any other URL stays text (WordPress shows it as typed).
    /// </summary>
    private static string AutoEmbed(string text)
    {
        if (!text.Contains("http", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        static string Embed(Match match) =>
            WebUrls.Normalize(WebUtility.HtmlDecode(match.Groups["url"].Value)) is { } url && EmbedProviders.ProviderOf(url) is not null
                ? EmbedFigure(url, null)
                : match.Value;

        text = UrlAloneOnLine().Replace(text, Embed);
        return UrlAloneInParagraph().Replace(text, Embed);
    }

    [GeneratedRegex(@"^[ \t]*(?<url>https?://[^\s<>""]+)[ \t]*$", RegexOptions.NonBacktracking | RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlAloneOnLine();

    [GeneratedRegex(@"<p(?: [^>]*)?>\s*(?<url>https?://[^\s<>""]+)\s*</p>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlAloneInParagraph();

    // ---------------------------------------------------------------------------------------------------------------
    // Gutenberg

    /// <summary>
    /// Removes every block comment; embeds, galleries, images, videos and audio are rewritten from their attributes
    /// and inner HTML, the rest keep their inner HTML as it is. Classic content between blocks gets auto-paragraphs.
    /// </summary>
    private static string Gutenberg(string text, IReadOnlyDictionary<long, WxrAttachment> media)
    {
        var output = new StringBuilder(text.Length);
        var open = new Stack<(string Name, string Attributes, int OutputAt, int InnerAt)>();
        var at = 0;
        foreach (Match token in BlockComment().Matches(text))
        {
            var between = text[at..token.Index];
            output.Append(open.Count == 0 ? Freeform(between) : between);
            at = token.Index + token.Length;

            var name = token.Groups["name"].Value.ToLowerInvariant() is var full && full.StartsWith("core/", StringComparison.Ordinal) ? full[5..] : full;
            var attributes = token.Groups["attrs"].Value;
            if (token.Groups["close"].Success)
            {
                // An unbalanced closing comment (a hand-edited post) closes nothing.
                if (open.Count == 0 || open.Peek().Name != name)
                {
                    continue;
                }

                var block = open.Pop();
                if (IsRewritten(name))
                {
                    output.Length = block.OutputAt;
                    output.Append(Rewrite(name, block.Attributes, text[block.InnerAt..token.Index], media));
                }
            }
            else if (token.Groups["self"].Success)
            {
                if (IsRewritten(name))
                {
                    output.Append(Rewrite(name, attributes, "", media));
                }
            }
            else
            {
                open.Push((name, attributes, output.Length, at));
            }
        }

        var rest = text[at..];
        output.Append(open.Count == 0 ? Freeform(rest) : rest);
        return output.ToString();
    }

    // Classic content outside any block (a post begun in the classic editor, then edited in the block editor) gets
    // paragraphs unless it has its own.
    private static string Freeform(string html) =>
        string.IsNullOrWhiteSpace(html) || html.Contains("<p>", StringComparison.OrdinalIgnoreCase) || html.Contains("<p ", StringComparison.OrdinalIgnoreCase)
            ? html
            : Autop(html);

    // "core-embed/youtube" is how WordPress 5.0–5.5 wrote an embed; later versions write "embed".
    private static bool IsRewritten(string name) =>
        name is "embed" or "gallery" or "image" or "video" or "audio" || name.StartsWith("core-embed/", StringComparison.Ordinal);

    private static string Rewrite(string name, string attributes, string inner, IReadOnlyDictionary<long, WxrAttachment> media)
    {
        using var json = ParseAttributes(attributes);
        var root = json?.RootElement;
        switch (name)
        {
            case "gallery":
                return Gallery(GalleryImages(inner, media, IdsOf(root)), ClassedCaption(inner, "blocks-gallery-caption"));
            case "image":
                var image = GalleryImages(inner, media, IdOf(root) is { } id ? [id] : []).FirstOrDefault();
                return image is null ? "" : Gallery([image], null);
            case "video" or "audio":
                var source = HtmlTags().Matches(inner).Select(tag => Attribute(tag.Value, "src")).FirstOrDefault(src => src is not null);
                return WebUrls.Normalize(WebUtility.HtmlDecode(source ?? "")) is { } file ? EmbedFigure(file, ClassedCaption(inner, null)) : "";
            default:
                // An embed: its URL is in the attributes, and (WordPress's fallback) as the text inside the figure.
                var url = StringProperty(root, "url") ?? HtmlTags().Replace(ClassedCaption(inner, null) is { } caption ? inner.Replace(caption, "", StringComparison.Ordinal) : inner, " ").Trim();
                return WebUrls.Normalize(WebUtility.HtmlDecode(url)) is { } embed ? EmbedFigure(embed, ClassedCaption(inner, null)) : "";
        }
    }

    private static JsonDocument? ParseAttributes(string attributes)
    {
        if (attributes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(attributes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringProperty(JsonElement? root, string name) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? IdOf(JsonElement? root) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("id", out var id) && id.TryGetInt64(out var value) ? value : null;

    private static List<long> IdsOf(JsonElement? root) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? [.. ids.EnumerateArray().Select(id => id.TryGetInt64(out var value) ? value : (long?)null).OfType<long>()]
            : [];

    // <!-- wp:name {"json":…} -->, <!-- /wp:name -->, <!-- wp:name /-->; a namespace ("jetpack/") is part of the name,
    // except core's, which WordPress leaves out. The attributes never hold "--": WordPress escapes it.
    [GeneratedRegex(@"<!--\s+(?<close>/)?wp:(?<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+(?:(?<attrs>\{[^\n]*?\})\s+)?(?<self>/)?-->", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockComment();

    // ---------------------------------------------------------------------------------------------------------------
    // Images and galleries

    private sealed record GalleryImage(string Url, string? Alt, string? CaptionHtml);

    /// <summary>
    /// The images of a gallery or image block in order, each with the caption that follows it; an image with no
    /// usable src or alt takes them from its attachment (by <c>data-id</c> or the <c>wp-image-N</c> class). Ids
    /// with no image in the HTML (a gallery saved without its markup) come from the attachments alone.
    /// </summary>
    private static List<GalleryImage> GalleryImages(string inner, IReadOnlyDictionary<long, WxrAttachment> media, List<long> ids)
    {
        var images = new List<GalleryImage>();
        var tags = HtmlTags().Matches(inner).Where(tag => tag.Value.StartsWith("<img", StringComparison.OrdinalIgnoreCase)).ToList();
        for (var i = 0; i < tags.Count; i++)
        {
            var attachment = AttachmentIdOf(tags[i].Value) is { } id ? media.GetValueOrDefault(id) : null;
            var url = WebUrls.Normalize(WebUtility.HtmlDecode(Attribute(tags[i].Value, "src") ?? "")) ?? WebUrls.Normalize(attachment?.Url);
            if (url is null)
            {
                continue;
            }

            var after = inner[(tags[i].Index + tags[i].Length)..(i + 1 < tags.Count ? tags[i + 1].Index : inner.Length)];
            var alt = Attribute(tags[i].Value, "alt") is { Length: > 0 } own ? WebUtility.HtmlDecode(own) : attachment?.Alt;
            images.Add(new GalleryImage(url, alt, ClassedCaption(after, null, skipClass: "blocks-gallery-caption")));
        }

        if (images.Count == 0)
        {
            images.AddRange(ids.Select(media.GetValueOrDefault).OfType<WxrAttachment>()
                .Select(a => WebUrls.Normalize(a.Url) is { } url ? new GalleryImage(url, a.Alt, a.Caption is null ? null : HtmlText.Escape(a.Caption)) : null)
                .OfType<GalleryImage>());
        }

        return images;
    }

    private static long? AttachmentIdOf(string tag)
    {
        if (long.TryParse(Attribute(tag, "data-id"), CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        var classes = Attribute(tag, "class") ?? "";
        var name = classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(c => c.StartsWith("wp-image-", StringComparison.Ordinal));
        return name is not null && long.TryParse(name.AsSpan(9), CultureInfo.InvariantCulture, out id) ? id : null;
    }

    /// <summary>
    /// One figure per image (read as image blocks, each with its caption) inside a figure that carries the gallery's
    /// own caption.
    /// </summary>
    private static string Gallery(List<GalleryImage> images, string? captionHtml)
    {
        if (images.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder("\n\n");
        if (images.Count > 1 || captionHtml is not null)
        {
            html.Append("<figure>");
        }

        foreach (var image in images)
        {
            html.Append("<figure><img src=\"").Append(HtmlText.Escape(image.Url)).Append('"');
            if (image.Alt is { Length: > 0 } alt)
            {
                html.Append(" alt=\"").Append(HtmlText.Escape(alt)).Append('"');
            }

            html.Append('>');
            if (!string.IsNullOrWhiteSpace(image.CaptionHtml))
            {
                html.Append("<figcaption>").Append(image.CaptionHtml.Trim()).Append("</figcaption>");
            }

            html.Append("</figure>");
        }

        if (images.Count > 1 || captionHtml is not null)
        {
            html.Append(captionHtml is null ? "" : $"<figcaption>{captionHtml.Trim()}</figcaption>").Append("</figure>");
        }

        return html.Append("\n\n").ToString();
    }

    /// <summary>The inner HTML of the first figcaption (with <paramref name="cssClass"/> if given, without <paramref name="skipClass"/>).</summary>
    private static string? ClassedCaption(string html, string? cssClass, string? skipClass = null)
    {
        foreach (Match caption in FigureCaption().Matches(html))
        {
            var classes = Attribute(caption.Groups["open"].Value, "class") ?? "";
            if ((cssClass is null || classes.Contains(cssClass, StringComparison.Ordinal))
                && (skipClass is null || !classes.Contains(skipClass, StringComparison.Ordinal)))
            {
                return caption.Groups["inner"].Value is { } inner && !string.IsNullOrWhiteSpace(inner) ? inner : null;
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?<open><figcaption\b[^>]*>)(?<inner>.*?)</figcaption>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FigureCaption();

    [GeneratedRegex(@"<[a-zA-Z][^<>]*>", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTags();

    /// <summary>The value of one attribute of a start tag, entities still encoded; null when absent.</summary>
    internal static string? Attribute(string tag, string name)
    {
        var at = tag.IndexOf(' ', StringComparison.Ordinal);
        while (at >= 0 && at < tag.Length)
        {
            while (at < tag.Length && (char.IsWhiteSpace(tag[at]) || tag[at] == '/'))
            {
                at++;
            }

            var nameStart = at;
            while (at < tag.Length && tag[at] is not ('=' or '>' or '/') && !char.IsWhiteSpace(tag[at]))
            {
                at++;
            }

            if (at == nameStart)
            {
                return null;
            }

            var attribute = tag[nameStart..at];
            while (at < tag.Length && char.IsWhiteSpace(tag[at]))
            {
                at++;
            }

            string? value = "";
            if (at < tag.Length && tag[at] == '=')
            {
                at++;
                while (at < tag.Length && char.IsWhiteSpace(tag[at]))
                {
                    at++;
                }

                if (at < tag.Length && tag[at] is '"' or '\'')
                {
                    var end = tag.IndexOf(tag[at], at + 1);
                    value = end < 0 ? tag[(at + 1)..] : tag[(at + 1)..end];
                    at = end < 0 ? tag.Length : end + 1;
                }
                else
                {
                    var start = at;
                    while (at < tag.Length && tag[at] != '>' && !char.IsWhiteSpace(tag[at]))
                    {
                        at++;
                    }

                    value = tag[start..at];
                }
            }

            if (attribute.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shortcodes

    /// <summary>
    /// Expands shortcodes in one forward scan. A bracketed word counts as a shortcode when WordPress or a plugin
    /// would have registered it: one this class expands, or one with a name=value attribute, a closing tag, a
    /// self-closing slash, or a '_' or '-' in its name (vc_row, contact-form-7). "[sic]", "[1]" or "[see below]" in
    /// prose stays text, and an escaped
    /// "[[x]]" becomes the literal "[x]", as WordPress shows it.
    /// </summary>
    private sealed class ShortcodeExpander(IReadOnlyDictionary<long, WxrAttachment> media, long postId)
    {
        public string Expand(string text, int depth)
        {
            if (!text.Contains('[', StringComparison.Ordinal))
            {
                return text;
            }

            // Where the next "[/name]" is (or -1: none left), so a thousand unclosed "[x_y]" cost one search, not a thousand.
            var closers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var output = new StringBuilder(text.Length);
            var at = 0;
            while (at < text.Length)
            {
                var open = text.IndexOf('[', at);
                if (open < 0)
                {
                    output.Append(text, at, text.Length - at);
                    break;
                }

                output.Append(text, at, open - at);
                var escaped = open + 1 < text.Length && text[open + 1] == '[';
                var token = Parse(text, escaped ? open + 1 : open, closers);
                if (token is null)
                {
                    output.Append('[');
                    at = open + 1;
                    continue;
                }

                var (name, attributes, content, end, selfClosing, tagEnd) = token.Value;
                if (escaped)
                {
                    // "[[name]]" whatever follows, or "[[name]…[/name]]": the shortcode as text, one bracket off each end.
                    if (tagEnd < text.Length && text[tagEnd] == ']')
                    {
                        output.Append(text, open + 1, tagEnd - open - 1);
                        at = tagEnd + 1;
                    }
                    else if (end < text.Length && text[end] == ']')
                    {
                        output.Append(text, open + 1, end - open - 1);
                        at = end + 1;
                    }
                    else
                    {
                        output.Append('[');
                        at = open + 1;
                    }

                    continue;
                }

                if (name.StartsWith('/'))
                {
                    // A closing tag with no opening: dropped when it names a shortcode.
                    if (!IsShortcode(name[1..], attributes, content, selfClosing))
                    {
                        output.Append(text, open, end - open);
                    }

                    at = end;
                    continue;
                }

                if (!IsShortcode(name, attributes, content, selfClosing))
                {
                    output.Append('[');
                    at = open + 1;
                    continue;
                }

                output.Append(depth >= MaxShortcodeDepth ? content ?? "" : Render(name, Attributes(attributes), content, depth));
                at = end;
            }

            return output.ToString();
        }

        private static bool IsShortcode(string name, string attributes, string? content, bool selfClosing) =>
            Expanded.Contains(name) || content is not null || selfClosing || attributes.Contains('=', StringComparison.Ordinal)
            || name.Contains('_', StringComparison.Ordinal) || name.Contains('-', StringComparison.Ordinal);

        /// <summary>"[name attrs]", "[name attrs /]" or "[name attrs]content[/name]" at <paramref name="open"/>.</summary>
        private static (string Name, string Attributes, string? Content, int End, bool SelfClosing, int TagEnd)? Parse(string text, int open, Dictionary<string, int> closers)
        {
            var at = open + 1;
            var closing = at < text.Length && text[at] == '/';
            if (closing)
            {
                at++;
            }

            var nameStart = at;
            while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '_' or '-'))
            {
                at++;
            }

            if (at == nameStart || !char.IsAsciiLetter(text[nameStart]) || at >= text.Length || text[at] is not (']' or ' ' or '\t' or '\n' or '/' or '\u00a0'))
            {
                return null;
            }

            var name = text[nameStart..at];

            // Attributes never hold '[': a ']' after the next '[' belongs to something else. Looking no further than
            // that '[' keeps a text of many '[' and no ']' to one pass.
            var nextOpen = text.IndexOf('[', at);
            var close = text.IndexOf(']', at, (nextOpen < 0 ? text.Length : nextOpen) - at);
            if (close < 0)
            {
                return null;
            }

            var attributes = text[at..close];
            if (closing)
            {
                return ("/" + name, attributes, null, close + 1, false, close + 1);
            }

            var selfClosing = attributes.EndsWith('/');
            if (selfClosing)
            {
                return (name, attributes[..^1], null, close + 1, true, close + 1);
            }

            var closer = "[/" + name + "]";
            if (!closers.TryGetValue(name, out var found) || (found >= 0 && found < close))
            {
                found = text.IndexOf(closer, close + 1, StringComparison.OrdinalIgnoreCase);
                closers[name] = found;
            }

            return found < 0
                ? (name, attributes, null, close + 1, false, close + 1)
                : (name, attributes, text[(close + 1)..found], found + closer.Length, false, close + 1);
        }

        private string Render(string name, Dictionary<string, string> attributes, string? content, int depth)
        {
            switch (name.ToLowerInvariant())
            {
                case "caption" or "wp_caption":
                    return Caption(attributes, Expand(content ?? "", depth + 1));
                case "gallery":
                    return Gallery(GalleryImages(attributes), null);
                case "embed":
                    var embedUrl = WebUrls.Normalize(WebUtility.HtmlDecode((content ?? attributes.GetValueOrDefault("src") ?? "").Trim()));
                    return embedUrl is null ? "" : EmbedFigure(embedUrl, null);
                case "video" or "audio":
                    string[] sources = ["src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "m4a", "ogg", "wav", "wma"];
                    var mediaUrl = sources.Select(key => WebUrls.Normalize(WebUtility.HtmlDecode(attributes.GetValueOrDefault(key) ?? ""))).FirstOrDefault(url => url is not null);
                    return mediaUrl is null ? "" : EmbedFigure(mediaUrl, null);
                case "playlist":
                    return "";
                default:
                    return Expand(content ?? "", depth + 1);
            }
        }

        /// <summary>
        /// WordPress's img_caption_shortcode: the caption is the attribute, or else whatever follows the image (and
        /// its link) inside the shortcode.
        /// </summary>
        private static string Caption(Dictionary<string, string> attributes, string content)
        {
            var caption = attributes.GetValueOrDefault("caption");
            var body = content;
            if (caption is null && CaptionedImage().Match(content) is { Success: true } match)
            {
                body = match.Groups["image"].Value;
                caption = match.Groups["caption"].Value;
            }

            var figcaption = string.IsNullOrWhiteSpace(caption) ? "" : $"<figcaption>{caption.Trim()}</figcaption>";
            return $"\n\n<figure>{body.Trim()}{figcaption}</figure>\n\n";
        }

        private List<GalleryImage> GalleryImages(Dictionary<string, string> attributes)
        {
            var ids = (attributes.GetValueOrDefault("ids") ?? attributes.GetValueOrDefault("include") ?? "")
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(id => long.TryParse(id, CultureInfo.InvariantCulture, out var value) ? value : (long?)null)
                .OfType<long>()
                .ToList();
            var exclude = (attributes.GetValueOrDefault("exclude") ?? "").Split(',', StringSplitOptions.TrimEntries).ToHashSet();
            var chosen = ids.Count > 0
                ? ids.Select(media.GetValueOrDefault).OfType<WxrAttachment>()
                : media.Values.Where(a => postId != 0 && a.ParentId == postId).OrderBy(a => a.MenuOrder).ThenBy(a => a.Id);
            return [.. chosen
                .Where(a => !exclude.Contains(a.Id.ToString(CultureInfo.InvariantCulture)))
                .Select(a => WebUrls.Normalize(a.Url) is { } url ? new GalleryImage(url, a.Alt, a.Caption is null ? null : HtmlText.Escape(a.Caption)) : null)
                .OfType<GalleryImage>()];
        }

        /// <summary>WordPress's shortcode_parse_atts: name="value", name='value', name=value, or bare values.</summary>
        private static Dictionary<string, string> Attributes(string text)
        {
            var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var position = 0;
            foreach (Match match in ShortcodeAttribute().Matches(text.Replace('\u00a0', ' ').Replace("\u200b", " ", StringComparison.Ordinal)))
            {
                if (match.Groups["name"].Success)
                {
                    attributes[match.Groups["name"].Value] = match.Groups["value"].Value;
                }
                else
                {
                    attributes[position.ToString(CultureInfo.InvariantCulture)] = match.Groups["bare"].Value;
                    position++;
                }
            }

            return attributes;
        }
    }

    [GeneratedRegex(@"(?<name>[\w-]+)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s'""]+))|""(?<bare>[^""]*)""|'(?<bare>[^']*)'|(?<bare>[^\s""']+)", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex ShortcodeAttribute();

    [GeneratedRegex(@"^\s*(?<image>(?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(?<caption>.*)$", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CaptionedImage();

    // ---------------------------------------------------------------------------------------------------------------
    // wpautop

    private const string AllBlocks =
        "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

    /// <summary>
    /// WordPress's <c>wpautop</c> for a classic-editor post: a blank line ends a paragraph, a single new line is a
    /// <c>&lt;br&gt;</c>, block elements are not wrapped in paragraphs, and <c>&lt;pre&gt;</c> is left as it is.
    /// </summary>
    internal static string Autop(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        text += "\n";
        var preformatted = new List<string>();
        if (text.Contains("<pre", StringComparison.OrdinalIgnoreCase))
        {
            text = PreElement().Replace(text, match =>
            {
                preformatted.Add(match.Value);
                return $"<pre wp-pre-tag-{preformatted.Count - 1}></pre>";
            });
        }

        text = DoubleBreak().Replace(text, "\n\n");
        text = BlockStart().Replace(text, "\n\n$1");
        text = BlockEnd().Replace(text, "$1\n\n");
        text = HorizontalRule().Replace(text, "$1\n\n");

        // New lines inside a tag or a comment are not line breaks.
        text = TagOrComment().Replace(text, match => match.Value.Replace("\n", " <!-- wpnl --> ", StringComparison.Ordinal));

        if (text.Contains("<figcaption", StringComparison.OrdinalIgnoreCase))
        {
            text = SpaceBeforeFigcaption().Replace(text, "$1");
            text = SpaceAfterFigcaption().Replace(text, "</figcaption>");
        }

        var paragraphs = new StringBuilder(text.Length + 64);
        foreach (var paragraph in BlankLines().Split(text))
        {
            if (paragraph.Length > 0 && paragraph.Trim('\n').Length > 0)
            {
                paragraphs.Append("<p>").Append(paragraph.Trim('\n')).Append("</p>\n");
            }
        }

        text = paragraphs.ToString();
        text = EmptyParagraph().Replace(text, "");
        text = TextBeforeClosingBlock().Replace(text, "<p>$1</p></$2>");
        text = ParagraphAroundBlockTag().Replace(text, "$1");
        text = ParagraphAroundListItem().Replace(text, "$1");
        text = ParagraphBeforeBlockquote().Replace(text, "<blockquote$1><p>");
        text = text.Replace("</blockquote></p>", "</p></blockquote>", StringComparison.OrdinalIgnoreCase);
        text = ParagraphBeforeBlockTag().Replace(text, "$1");
        text = ParagraphAfterBlockTag().Replace(text, "$1");

        text = RawTextElement().Replace(text, match => match.Value.Replace("\n", "<WPPreserveNewline />", StringComparison.Ordinal));
        text = text.Replace("<br>", "<br />", StringComparison.Ordinal).Replace("<br/>", "<br />", StringComparison.Ordinal);
        text = LineBreaks(text);
        text = text.Replace("<WPPreserveNewline />", "\n", StringComparison.Ordinal);

        text = BreakAfterBlockTag().Replace(text, "$1");
        text = BreakBeforeBlockTag().Replace(text, "$1");
        if (text.EndsWith("\n</p>", StringComparison.Ordinal))
        {
            text = text[..^5] + "</p>";
        }

        if (preformatted.Count > 0)
        {
            // A post that itself holds the placeholder's text keeps it: only the numbers set aside here are restored.
            text = PrePlaceholder().Replace(text, match =>
                int.TryParse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var index) && index < preformatted.Count ? preformatted[index] : match.Value);
        }

        return text.Replace(" <!-- wpnl --> ", "\n", StringComparison.Ordinal).Replace("<!-- wpnl -->", "\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// wpautop's <c>(?&lt;!&lt;br /&gt;)\s*\n → &lt;br /&gt;\n</c>, written as a scan: each run of white space that
    /// holds a new line becomes one break, unless a break already ends the line.
    /// </summary>
    private static string LineBreaks(string text)
    {
        var output = new StringBuilder(text.Length + 64);
        var at = 0;
        while (at < text.Length)
        {
            if (!IsSpace(text[at]))
            {
                output.Append(text[at++]);
                continue;
            }

            var start = at;
            var lastNewline = -1;
            while (at < text.Length && IsSpace(text[at]))
            {
                if (text[at] == '\n')
                {
                    lastNewline = at;
                }

                at++;
            }

            if (lastNewline < 0)
            {
                output.Append(text, start, at - start);
                continue;
            }

            var afterBreak = output.Length >= 6 && output.ToString(output.Length - 6, 6) == "<br />";
            if (afterBreak)
            {
                // The first white space is kept; a new line later in the run is still a break, as in WordPress.
                output.Append(text[start]);
                if (lastNewline == start)
                {
                    output.Append(text, start + 1, at - start - 1);
                    continue;
                }
            }

            output.Append("<br />\n").Append(text, lastNewline + 1, at - lastNewline - 1);
        }

        return output.ToString();
    }

    // PHP's \s: ASCII white space only, so a no-break space is text, as in WordPress.
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    [GeneratedRegex(@"<pre\b.*?</pre>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PreElement();

    [GeneratedRegex(@"<pre wp-pre-tag-([0-9]+)></pre>", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex PrePlaceholder();

    [GeneratedRegex(@"<br[ \t\n\r\f\v]*/?>[ \t\n\r\f\v]*<br[ \t\n\r\f\v]*/?>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoubleBreak();

    [GeneratedRegex("(<" + AllBlocks + @"[ \t\n\r\f\v/>])", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockStart();

    [GeneratedRegex("(</" + AllBlocks + ">)", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"(<hr[ \t\n\r\f\v]*/?>)", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"<!--.*?-->|<[a-zA-Z/!][^<>]*>", RegexOptions.NonBacktracking | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex TagOrComment();

    [GeneratedRegex(@"[ \t\n\r\f\v]*(<figcaption[^>]*>)", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpaceBeforeFigcaption();

    [GeneratedRegex(@"</figcaption>[ \t\n\r\f\v]*", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpaceAfterFigcaption();

    [GeneratedRegex(@"\n[ \t\n\r\f\v]*\n", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"<p>[ \t\n\r\f\v]*</p>", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex EmptyParagraph();

    [GeneratedRegex(@"<p>([^<]+)</(div|address|form)>", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex TextBeforeClosingBlock();

    [GeneratedRegex(@"<p>[ \t\n\r\f\v]*(</?" + AllBlocks + @"[^>]*>)[ \t\n\r\f\v]*</p>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphAroundBlockTag();

    [GeneratedRegex(@"<p>(<li.+?)</p>", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphAroundListItem();

    [GeneratedRegex(@"<p><blockquote([^>]*)>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphBeforeBlockquote();

    [GeneratedRegex(@"<p>[ \t\n\r\f\v]*(</?" + AllBlocks + "[^>]*>)", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphBeforeBlockTag();

    [GeneratedRegex("(</?" + AllBlocks + @"[^>]*>)[ \t\n\r\f\v]*</p>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphAfterBlockTag();

    [GeneratedRegex(@"<(?:script|style|svg|math)\b.*?</(?:script|style|svg|math)>", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex RawTextElement();

    [GeneratedRegex("(</?" + AllBlocks + @"[^>]*>)[ \t\n\r\f\v]*<br />", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BreakAfterBlockTag();

    [GeneratedRegex(@"<br />([ \t\n\r\f\v]*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BreakBeforeBlockTag();
}
