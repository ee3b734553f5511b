using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using NewsApi.Text;

namespace NewsApi.Comments;

/// <summary>A comment body as stored: plain text, and how many links the submitted text carried.</summary>
public sealed record CommentBody(string Text, int LinkCount);

/// <summary>Turns what a reader typed (possibly HTML pasted from elsewhere) into the plain text that is stored.</summary>
public static partial class CommentText
{
    // Their content is code or controls, not the reader's words.
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "head", "title",
        "textarea", "select", "button",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table",
        "section", "article", "header", "footer", "figure", "figcaption", "hr", "dl", "dt", "dd",
    };

    /// <summary>Strips HTML to text, keeping line breaks (&lt;br&gt; and block ends become new lines), and counts links.</summary>
    public static CommentBody Read(string? submitted)
    {
        if (string.IsNullOrEmpty(submitted))
        {
            return new CommentBody("", 0);
        }

        var text = new StringBuilder(submitted.Length);
        var links = 0;
        if (submitted.AsSpan().IndexOfAny('<', '&') < 0)
        {
            text.Append(submitted);
            links = UrlPattern().Count(submitted);
        }
        else
        {
            var parser = new HtmlParser();
            using var document = parser.ParseDocument(string.Empty);
            foreach (var node in parser.ParseFragment(submitted, document.Body!))
            {
                links += Append(text, node, insideLink: false);
            }
        }

        return new CommentBody(Tidy(text.ToString()), links);
    }

    /// <returns>The links found under <paramref name="node"/>: anchors with an address, and addresses typed as text.</returns>
    private static int Append(StringBuilder text, INode node, bool insideLink)
    {
        switch (node)
        {
            case IText textNode:
                text.Append(textNode.Data);
                return insideLink ? 0 : UrlPattern().Count(textNode.Data);
            case IElement element when Dropped.Contains(element.LocalName):
                return 0;
            case IElement { LocalName: "br" }:
                text.Append('\n');
                return 0;
            case IElement element:
                var isLink = element.LocalName == "a" && element.HasAttribute("href");
                var block = Blocks.Contains(element.LocalName);
                if (block)
                {
                    text.Append('\n');
                }

                var links = isLink ? 1 : 0;
                foreach (var child in element.ChildNodes)
                {
                    links += Append(text, child, insideLink || isLink);
                }

                if (block)
                {
                    text.Append('\n');
                }

                return links;
            default:
                return 0;
        }
    }

    // One kind of new line, no control characters, no trailing spaces, at most one blank line in a row.
    private static string Tidy(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n')
            .Select(line => new string(line.Where(c => c == '\t' || !char.IsControl(c)).ToArray()).TrimEnd());
        var joined = string.Join('\n', lines);
        return BlankLines().Replace(joined, "\n\n").Trim();
    }

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    /// <summary>
    /// Folds the spellings of one Arabic word together for blocklist matching: marks and tatweel removed,
    /// أ إ آ ٱ → ا, ى → ي, ة → ه, lower case. Switch to Text/ArabicNormalizer once the search branch lands it.
    /// </summary>
    internal static string FoldForMatching(string text)
    {
        var stripped = ArabicText.StripMarks(text).ToLowerInvariant();
        return string.Create(stripped.Length, stripped, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch
                {
                    'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
                    'ى' => 'ي',
                    'ة' => 'ه',
                    var c => c,
                };
            }
        });
    }
}
