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

    /// <summary>
    /// More tags than any person writes in a comment. Parsing deeply nested markup costs time that grows with the
    /// square of the depth (seconds for 64 KiB of <c>&lt;b&gt;</c>), so beyond this the body is refused by the validator
    /// and, should it get here anyway, only crudely stripped.
    /// </summary>
    public const int MaxTags = 1000;

    /// <summary>Strips HTML to text, keeping line breaks (&lt;br&gt; and block ends become new lines), and counts links.</summary>
    public static CommentBody Read(string? submitted)
    {
        if (string.IsNullOrEmpty(submitted))
        {
            return new CommentBody("", 0);
        }

        if (HtmlMarkup.CountTags(submitted) > MaxTags)
        {
            var crude = System.Net.WebUtility.HtmlDecode(AnyTag().Replace(submitted, string.Empty));
            return new CommentBody(Tidy(crude), CountLinks(submitted));
        }

        var text = new StringBuilder(submitted.Length);
        if (submitted.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return new CommentBody(Tidy(submitted), CountLinks(submitted));
        }

        var parser = new HtmlParser();
        using var document = parser.ParseDocument(string.Empty);
        var links = 0;

        // Walked with an explicit stack, not recursion: 64 KiB of nested tags must not exhaust the thread's stack.
        var pending = new Stack<(INode Node, bool InsideLink, bool BlockEnd)>();
        var fragment = parser.ParseFragment(submitted, document.Body!);
        for (var i = fragment.Length - 1; i >= 0; i--)
        {
            pending.Push((fragment[i], false, false));
        }

        while (pending.TryPop(out var item))
        {
            switch (item.Node)
            {
                case var _ when item.BlockEnd:
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IText textNode:
                    text.Append(textNode.Data);
                    links += item.InsideLink ? 0 : CountLinks(textNode.Data);
                    break;
                case IElement element when !Dropped.Contains(element.LocalName):
                    var isLink = element.LocalName == "a" && element.HasAttribute("href");
                    links += isLink ? 1 : 0;
                    if (Blocks.Contains(element.LocalName))
                    {
                        text.Append('\n');
                        pending.Push((element, false, true));
                    }

                    for (var i = element.ChildNodes.Length - 1; i >= 0; i--)
                    {
                        pending.Push((element.ChildNodes[i], item.InsideLink || isLink, false));
                    }

                    break;
            }
        }

        return new CommentBody(Tidy(text.ToString()), links);
    }

    // One kind of new line, no control characters, no trailing spaces, at most one blank line in a row.
    private static string Tidy(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n')
            .Select(line => new string(line.Where(c => c == '\t' || !char.IsControl(c)).ToArray()).TrimEnd());
        var joined = string.Join('\n', lines);
        return BlankLines().Replace(joined, "\n\n").Trim();
    }

    /// <summary>
    /// The links in plain text, counted after <see cref="TextFolding.Fold"/> so that fullwidth or look-alike letters,
    /// zero-width characters inside <c>https</c> and <c>www。x。com</c> are seen as what they are: schemes (http,
    /// https, the defanged hxxp, ftp, mailto), <c>//host</c>, <c>www.</c>, and bare domains (<c>spam.com/offer</c>,
    /// a Markdown <c>[x](spam.com)</c>) with a path or a common top-level domain. Each link counts once.
    /// </summary>
    public static int CountLinks(string text) => LinkPattern().Count(TextFolding.Fold(text));

    // Linear-time matching (NonBacktracking): the text is up to 64 KiB of whatever anyone sends.
    [GeneratedRegex("""
        (?:\b(?:h[tx][tx]ps?|s?ftp)://|\bmailto:|//[a-z0-9-]+\.[a-z]|\bwww\.)[^\s<>"'()\[\]]*
        |\b(?:[a-z0-9-]+\.)+(?:[a-z]{2,24}/[^\s<>"'()\[\]]*|(?:com|net|org|info|biz|io|co|me|ru|cn|xyz|top|site|online|club|shop|app|dev|link|click|ly|tk|us|uk|de|fr|eg|sa|ae)\b)
        """, RegexOptions.NonBacktracking | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<[^<>]*>?", RegexOptions.NonBacktracking)]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
