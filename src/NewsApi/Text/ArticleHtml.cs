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

    // HtmlSanitizer keeps no state between calls once configured, so one instance serves every request.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>
    /// Sanitises <paramref name="rawHtml"/> against an allow-list and derives blocks, plain text, word count and
    /// reading time from the result.
    /// </summary>
    /// <remarks>
    /// Kept: p, br, h2–h6, strong, b, em, i, u, s, sub, sup, a (href, title), ul, ol, li, blockquote (cite), cite,
    /// figure, figcaption, img (src, alt, width, height), table, thead, tbody, tr, th, td, code, pre, hr, span.
    /// <c>h1</c> becomes <c>h2</c>: the page's only h1 is the article title, rendered by the client.
    /// Links may be http, https, mailto or relative; images must be absolute http or https (clients have no base
    /// URL to resolve against). Scripts, styles, frames, forms, event handlers, class, id and style attributes
    /// are removed; other unknown elements are unwrapped and their text kept.
    /// </remarks>
    public static ArticleContent Process(string rawHtml)
    {
        ArgumentNullException.ThrowIfNull(rawHtml);

        using var document = Sanitizer.SanitizeDom(rawHtml);
        var body = document.Body!;

        var html = body.ChildNodes.ToHtml(HtmlFormatter.Instance).Trim();
        var blocks = BlockReader.Read(body);
        var plainText = string.Join("\n\n", blocks.Select(TextOf).Where(text => text.Length > 0));
        var wordCount = CountWords(plainText);
        var readingTime = Math.Max(1, (int)Math.Ceiling(wordCount / (double)WordsPerMinute));

        return new ArticleContent(html, blocks, plainText, wordCount, readingTime);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
                "a", "ul", "ol", "li", "blockquote", "cite", "figure", "figcaption", "img",
                "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "hr", "span",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "title", "src", "alt", "width", "height", "cite",
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
            if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                // Cancelling stops the sanitizer unwrapping the element; removing it here drops its content too.
                e.Tag.Remove();
                e.Cancel = true;
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
        };

        return sanitizer;
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
