namespace NewsApi.Text;

/// <summary>
/// Cheap, linear measures of submitted HTML, taken before any parser sees it: HTML parsers (AngleSharp under
/// HtmlSanitizer) spend time that grows with the square of the nesting depth (60,000 nested <c>&lt;b&gt;</c> took
/// 9 s to sanitise), so markup past these bounds is refused rather than parsed.
/// </summary>
public static class HtmlMarkup
{
    /// <summary>
    /// Deepest nesting of elements an article body may have. Real articles nest a handful of levels (a table in a
    /// list in a quote); 256 leaves room for pasted markup while keeping sanitising quick.
    /// </summary>
    public const int MaxDepth = 256;

    // No end tag: they never hold anything.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Void = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    // An optional end tag: the parser closes them itself when a sibling starts (<p><p>, <li><li>), so repeating them
    // does not nest, and they can only nest inside a container (ul, table, div) that is counted.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SelfClosingSiblings = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "colgroup", "rb", "rt", "rp", "rtc",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every '&lt;': an upper bound of the tags, counted without parsing.</summary>
    public static int CountTags(string? html) => html is null ? 0 : html.AsSpan().Count('<');

    /// <summary>
    /// True when <paramref name="html"/> opens more than <see cref="MaxDepth"/> elements inside one another. One pass
    /// over the text: start tags count up, end tags down; void elements, self-closed tags, comments, and elements whose
    /// end tag is optional do not count. It stops at the first level past the bound.
    /// </summary>
    public static bool NestsTooDeep(string? html)
    {
        if (html is null)
        {
            return false;
        }

        var depth = 0;
        for (var at = html.IndexOf('<'); at >= 0 && at < html.Length - 1; at = html.IndexOf('<', at + 1))
        {
            var next = html[at + 1];
            if (next is '!' or '?')
            {
                // A comment ends at "-->", a doctype or processing instruction at '>'; neither opens an element.
                var end = html.AsSpan(at).StartsWith("<!--") ? html.IndexOf("-->", at + 4, StringComparison.Ordinal) : html.IndexOf('>', at + 2);
                if (end < 0)
                {
                    return false;
                }

                at = end;
                continue;
            }

            var closing = next == '/';
            var nameStart = closing ? at + 2 : at + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }

            // "<" followed by no letter is text ("a < b").
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                continue;
            }

            var tagEnd = html.IndexOf('>', nameEnd);
            if (tagEnd < 0)
            {
                return false;
            }

            at = tagEnd;
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            if (Void.Contains(name) || SelfClosingSiblings.Contains(name) || html[tagEnd - 1] == '/')
            {
                continue;
            }

            if (closing)
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (++depth > MaxDepth)
            {
                return true;
            }
        }

        return false;
    }
}
