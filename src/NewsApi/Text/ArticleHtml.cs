using System.Text;
using AngleSharp;
using AngleSharp.Dom;
using Ganss.Xss;

namespace NewsApi.Text;

/// <summary>An article body ready to store: safe HTML, the same content as blocks, and text statistics.</summary>
/// <param name="Html">Sanitised HTML; non-ASCII text (Arabic) is written as is, never as character references.</param>
/// <param name="Blocks">The content as structured blocks for clients that do not render HTML.</param>
/// <param name="PlainText">The text of all blocks, separated by blank lines; what search indexes.</param>
/// <param name="WordCount">Whitespace-separated tokens of <paramref name="PlainText"/> holding a letter or digit.</param>
/// <param name="ReadingTimeMinutes">At least 1.</param>
public sealed record ArticleContent(
    string Html, IReadOnlyList<ContentBlock> Blocks, string PlainText, int WordCount, int ReadingTimeMinutes);

/// <summary>Turns editor or imported HTML into <see cref="ArticleContent"/>.</summary>
public static class ArticleHtml
{
    // A common reading speed for Arabic news prose; English readers are faster, but Arabic is the first audience.
    private const int WordsPerMinute = 200;

    // Elements whose content is code, markup or controls rather than article text: removed with everything
    // inside. Any other element that is not allowed is unwrapped, so text inside a <div> or <section> survives.
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
        "form", "button", "select", "textarea", "svg", "math", "head", "title", "noembed", "noframes", "xmp",
        "video", "audio", "canvas",
    };

    // Elements that are not allowed but stand as blocks of their own: unwrapped, their text is kept apart from what
    // is around it.
    private static readonly HashSet<string> Blocklike = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "section", "article", "aside", "header", "footer", "main", "nav", "details", "summary", "center",
        "fieldset", "legend", "hgroup", "menu", "dir", "search",
    };

    private static readonly char[] AsciiWhitespace = [' ', '\t', '\n', '\r', '\f'];

    // HtmlSanitizer keeps no state between calls once configured, so one instance serves every request.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>
    /// Sanitises <paramref name="rawHtml"/> against an allow-list and derives blocks, plain text, word count and
    /// reading time from the result.
    /// </summary>
    /// <remarks>
    /// Kept: p, br, h2–h6, strong, b, em, i, u, s, sub, sup, a (href, title), ul, ol, li, blockquote (cite), cite,
    /// figure, figcaption, img (src, alt, width, height), table, caption, thead, tbody, tfoot, tr, th, td, code, pre,
    /// hr, span, dl, dt, dd, address, del and ins (cite, datetime), q (cite), abbr (title), kbd, var, small.
    /// <c>h1</c> becomes <c>h2</c>: the page's only h1 is the article title, rendered by the client.
    /// Links may be http, https, mailto or relative; images and <c>cite</c> URLs must be absolute http or https
    /// (clients have no base URL to resolve against). An iframe of a known media service becomes the embed figure
    /// (a link alone in a figure); other scripts, styles, frames, forms, event handlers, class, id and style
    /// attributes are removed; other unknown elements are unwrapped and their text kept, apart from their
    /// neighbours' when they were blocks.
    /// </remarks>
    public static ArticleContent Process(string rawHtml)
    {
        ArgumentNullException.ThrowIfNull(rawHtml);

        using var document = Sanitizer.SanitizeDom(rawHtml);
        var body = document.Body!;

        var html = body.ChildNodes.ToHtml(HtmlFormatter.Instance).Trim();
        var blocks = BlockReader.Read(body);
        var plainText = PlainTextOf(blocks);
        var wordCount = CountWords(plainText);
        var readingTime = Math.Max(1, (int)Math.Ceiling(wordCount / (double)WordsPerMinute));

        return new ArticleContent(html, blocks, plainText, wordCount, readingTime);
    }

    /// <summary>The text of all blocks, separated by blank lines: what search indexes, derived the same way on write and on read.</summary>
    public static string PlainTextOf(IReadOnlyList<ContentBlock> blocks) =>
        string.Join("\n\n", blocks.Select(TextOf).Where(text => text.Length > 0));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
                "a", "ul", "ol", "li", "blockquote", "cite", "figure", "figcaption", "img",
                "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "code", "pre", "hr", "span",
                "dl", "dt", "dd", "address", "del", "ins", "q", "abbr", "kbd", "var", "small",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "title", "src", "alt", "width", "height", "cite", "datetime",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite" },
        })
        {
            KeepChildNodes = true,

            // The default formatter escapes only &, <, >, and no-break space: Arabic is written as is.
            OutputFormatter = HtmlFormatter.Instance,
        };

        sanitizer.RemovingTag += (_, e) =>
        {
            if (e.Tag.LocalName == "iframe" && EmbedLink(e.Tag) is { } link)
            {
                // A player from a known media service keeps its meaning as a plain link: the embed figure when it
                // stands alone (WordPress wraps it in a paragraph), a link in the text when it does not.
                var alone = e.Tag.ParentElement is { LocalName: "p" } paragraph
                    && paragraph.ChildNodes.All(node => node == e.Tag || (node is IText text && string.IsNullOrWhiteSpace(text.Data)));
                if (alone || e.Tag.ParentElement is { LocalName: "body" })
                {
                    var figure = e.Tag.Owner!.CreateElement("figure");
                    figure.AppendChild(link);
                    (alone ? e.Tag.ParentElement! : e.Tag).Replace(figure);
                }
                else
                {
                    e.Tag.Replace(link);
                }

                e.Cancel = true;
            }
            else if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                // Cancelling stops the sanitizer unwrapping the element; removing it here drops its content too.
                e.Tag.Remove();
                e.Cancel = true;
            }
            else if (Blocklike.Contains(e.Tag.LocalName) && e.Tag.Owner is { } owner)
            {
                // Unwrapped, a block's text would run into its neighbour's ("<div>a</div><div>b</div>" reading "ab"):
                // blank lines keep them apart, in the HTML and as separate paragraphs in the blocks.
                e.Tag.Before(owner.CreateTextNode("\n\n"));
                e.Tag.After(owner.CreateTextNode("\n\n"));
            }
        };

        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.Tag.LocalName == "img" && e.SanitizedUrl is not null && !IsAbsoluteHttp(e.SanitizedUrl))
            {
                e.SanitizedUrl = null;
            }
        };

        sanitizer.PostProcessDom += (_, e) =>
        {
            foreach (var heading in e.Document.QuerySelectorAll("h1").ToList())
            {
                var replacement = e.Document.CreateElement("h2");
                replacement.Append([.. heading.ChildNodes]);
                heading.Replace(replacement);
            }

            // An image whose source was refused shows nothing.
            foreach (var image in e.Document.QuerySelectorAll("img:not([src])").ToList())
            {
                image.Remove();
            }

            RestrictAttributes(e.Document);

            // A paragraph left with nothing in it (its script or form removed) is noise; "&nbsp;" spacing is kept.
            foreach (var paragraph in e.Document.QuerySelectorAll("p").Where(p => p.ChildElementCount == 0 && p.TextContent.Trim(AsciiWhitespace).Length == 0).ToList())
            {
                paragraph.Remove();
            }
        };

        return sanitizer;
    }

    /// <summary>
    /// Attributes allowed on a few elements only: <c>cite</c> names the source of a quotation or an edit and must be
    /// an absolute http(s) URL; <c>datetime</c> is the time of an edit and must be a date or date-time.
    /// </summary>
    private static void RestrictAttributes(IDocument document)
    {
        foreach (var element in document.QuerySelectorAll("[cite]").ToList())
        {
            // A source a client may show or follow: only an absolute web URL, in its one normalised form.
            if (element.LocalName is ("blockquote" or "q" or "del" or "ins") && WebUrls.Normalize(element.GetAttribute("cite")) is { } url)
            {
                element.SetAttribute("cite", url);
            }
            else
            {
                element.RemoveAttribute("cite");
            }
        }

        foreach (var element in document.QuerySelectorAll("[datetime]").ToList())
        {
            if (element.LocalName is not ("del" or "ins") || !IsDateTime(element.GetAttribute("datetime")))
            {
                element.RemoveAttribute("datetime");
            }
        }
    }

    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    private static bool IsDateTime(string? value) =>
        DateTimeOffset.TryParseExact(value, DateTimeFormats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _);

    /// <summary>A link to the source of an iframe from a known media service; null for any other iframe.</summary>
    private static IElement? EmbedLink(IElement iframe)
    {
        var url = WebUrls.Normalize(iframe.GetAttribute("src"));
        if (url is null || EmbedProviders.ProviderOf(url) is null || iframe.Owner is not { } owner)
        {
            return null;
        }

        var link = owner.CreateElement("a");
        link.SetAttribute("href", url);
        link.TextContent = url;
        return link;
    }

    private static bool IsAbsoluteHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string TextOf(ContentBlock block) => block switch
    {
        ParagraphBlock paragraph => paragraph.Text,
        HeadingBlock heading => heading.Text,
        ImageBlock image => image.Caption ?? "",
        QuoteBlock quote => quote.Cite is null ? quote.Text : quote.Text + "\n" + quote.Cite,
        ListBlock list => string.Join("\n", list.Items),
        TableBlock table => string.Join("\n", new[] { table.Caption ?? "" }
            .Concat(table.Head.Concat(table.Body).Concat(table.Foot).Select(row => string.Join(' ', row.Where(cell => cell.Length > 0))))
            .Where(line => line.Length > 0)),
        DefinitionListBlock definitions => string.Join("\n", definitions.Items.SelectMany(item => item.Terms.Concat(item.Descriptions))),
        AddressBlock address => address.Text,
        EmbedBlock embed => embed.Caption ?? "",
        _ => "",
    };

    private static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        var wordHasContent = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                inWord = false;
                continue;
            }

            if (!inWord)
            {
                inWord = true;
                wordHasContent = false;
            }

            // A lone dash or bullet between words is not a word.
            if (!wordHasContent && Rune.IsLetterOrDigit(rune))
            {
                wordHasContent = true;
                count++;
            }
        }

        return count;
    }
}
