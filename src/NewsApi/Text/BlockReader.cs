using System.Text;
using AngleSharp.Dom;

namespace NewsApi.Text;

/// <summary>Derives <see cref="ContentBlock"/>s from the body of an already sanitised document.</summary>
internal sealed class BlockReader
{
    // Elements that flow inside a paragraph; at the top level, a run of them forms one paragraph.
    private static readonly HashSet<string> InlineElements =
        ["a", "b", "strong", "em", "i", "u", "s", "sub", "sup", "code", "span", "cite", "br", "img",
         "del", "ins", "q", "abbr", "kbd", "var", "small"];

    // Text no longer current: the HTML shows it struck through, the plain text leaves it out so it never reads as fact.
    private static readonly HashSet<string> Withdrawn = ["del", "s"];

    // Elements that start a new line when the text of a larger element (a table, a quote) is flattened.
    private static readonly HashSet<string> LineElements =
        ["p", "li", "tr", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "pre", "ul", "ol",
         "table", "thead", "tbody", "tfoot", "caption", "hr", "dl", "dt", "dd", "address"];

    private readonly List<ContentBlock> blocks = [];

    // Text of the paragraph being built; '\n' marks a line break, any other whitespace is already a space.
    private readonly StringBuilder pending = new();

    private BlockReader()
    {
    }

    public static List<ContentBlock> Read(IElement body)
    {
        var reader = new BlockReader();
        reader.ReadChildren(body);
        reader.Flush();
        if (reader.blocks.Count > 0 && reader.blocks[^1] is SeparatorBlock)
        {
            reader.blocks.RemoveAt(reader.blocks.Count - 1);
        }

        return reader.blocks;
    }

    private void ReadChildren(INode parent)
    {
        foreach (var node in parent.ChildNodes)
        {
            ReadTopLevel(node);
        }
    }

    private void ReadTopLevel(INode node)
    {
        if (node is IText text)
        {
            AppendBareText(text.Data);
            return;
        }

        if (node is not IElement element)
        {
            return;
        }

        if (InlineElements.Contains(element.LocalName))
        {
            AppendFlow(element);
            return;
        }

        Flush();
        switch (element.LocalName)
        {
            case "h2" or "h3" or "h4" or "h5" or "h6":
                var heading = TextOf(element);
                if (heading.Length > 0)
                {
                    blocks.Add(new HeadingBlock(element.LocalName[1] - '0', heading));
                }

                break;
            case "figure":
                ReadFigure(element);
                break;
            case "blockquote":
                ReadQuote(element);
                break;
            case "ul" or "ol":
                ReadList(element);
                break;
            case "table":
                ReadTable(element, caption: null);
                break;
            case "dl":
                ReadDefinitions(element);
                break;
            case "address":
                var address = TextOf(element);
                if (address.Length > 0)
                {
                    blocks.Add(new AddressBlock(address));
                }

                break;
            case "hr":
                // A break between sections; one at either end of the body, or after another, separates nothing.
                if (blocks.Count > 0 && blocks[^1] is not SeparatorBlock)
                {
                    blocks.Add(new SeparatorBlock());
                }

                break;
            case "pre":
                // Preformatted text keeps its spacing: it is usually code or a poem.
                var preformatted = element.TextContent.TrimStart('\n').TrimEnd();
                if (preformatted.Length > 0)
                {
                    blocks.Add(new ParagraphBlock(preformatted));
                }

                break;
            default:
                AppendFlow(element);
                Flush();
                break;
        }
    }

    /// <summary>
    /// Text outside any element, as imported WordPress bodies often are: a blank line separates paragraphs,
    /// as WordPress's own auto-paragraphs do.
    /// </summary>
    private void AppendBareText(string data)
    {
        var lines = data.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var isInner = i > 0 && i < lines.Length - 1;
            if (isInner && string.IsNullOrWhiteSpace(lines[i]))
            {
                Flush();
            }

            if (i > 0)
            {
                pending.Append(' ');
            }

            AppendCollapsed(pending, lines[i]);
        }
    }

    private void AppendFlow(INode node) => AppendText(pending, node, element =>
    {
        if (element.LocalName != "img")
        {
            return false;
        }

        // An image inside running text becomes a block of its own, between the text before and after it.
        Flush();
        AddImage(element, caption: null);
        return true;
    });

    private void ReadFigure(IElement figure)
    {
        var images = figure.QuerySelectorAll("img");
        var figcaption = figure.Children.FirstOrDefault(child => child.LocalName == "figcaption");
        if (images.Length == 0 && EmbedOf(figure, figcaption) is { } embed)
        {
            blocks.Add(embed);
            return;
        }

        // WordPress's table block: a table captioned by its figure.
        if (images.Length == 0 && figure.Children.Count(child => child.LocalName == "table") == 1
            && figure.Children.All(child => child.LocalName is "table" or "figcaption") && !HasOwnText(figure))
        {
            ReadTable(figure.Children.First(child => child.LocalName == "table"), figcaption is null ? null : NullIfEmpty(TextOf(figcaption)));
            return;
        }

        if (images.Length != 1)
        {
            // A gallery, or a table or quote that WordPress wrapped in a figure: read what is inside.
            ReadChildren(figure);
            Flush();
            return;
        }

        var caption = figure.QuerySelector("figcaption");
        AddImage(images[0], caption is null ? null : NullIfEmpty(TextOf(caption)));
    }

    private void ReadQuote(IElement quote)
    {
        var attribution = FindAttribution(quote);
        var text = TextOf(quote, skip: attribution);
        if (text.Length == 0)
        {
            return;
        }

        var cite = attribution is null ? NullIfEmpty(quote.GetAttribute("cite")?.Trim()) : NullIfEmpty(TextOf(attribution));
        blocks.Add(new QuoteBlock(text, cite));
    }

    /// <summary>
    /// A &lt;cite&gt; directly in the quote (WordPress's quote block) or alone in its last paragraph names the
    /// source; a &lt;cite&gt; inside a sentence is a quoted title and stays part of the text.
    /// </summary>
    private static IElement? FindAttribution(IElement quote)
    {
        var direct = quote.Children.FirstOrDefault(child => child.LocalName == "cite");
        if (direct is not null)
        {
            return direct;
        }

        return quote.LastElementChild is { LocalName: "p", ChildElementCount: 1, FirstElementChild: { LocalName: "cite" } cite } last
            && last.TextContent.Trim() == cite.TextContent.Trim()
            ? cite
            : null;
    }

    private void ReadList(IElement list)
    {
        var items = list.Children
            .Where(child => child.LocalName == "li")
            .Select(item => TextOf(item))
            .Where(item => item.Length > 0)
            .ToList();

        if (items.Count > 0)
        {
            blocks.Add(new ListBlock(list.LocalName == "ol", items));
        }
    }

    /// <summary>
    /// The canonical embed: a figure holding nothing but one link to an absolute http(s) URL whose text is that URL
    /// (or empty), and perhaps a caption. WordPress imports write embeds this way; an editor may too.
    /// </summary>
    private static EmbedBlock? EmbedOf(IElement figure, IElement? figcaption)
    {
        var content = figure.Children.Where(child => child != figcaption).ToList();
        if (content is not [{ LocalName: "a" } link] || HasOwnText(figure) || link.Children.Length > 0)
        {
            return null;
        }

        var url = WebUrls.Normalize(link.GetAttribute("href"));
        var text = link.TextContent.Trim();
        if (url is null || (text.Length > 0 && WebUrls.Normalize(text) != url))
        {
            return null;
        }

        return new EmbedBlock(url, EmbedProviders.ProviderOf(url), figcaption is null ? null : NullIfEmpty(TextOf(figcaption)));
    }

    private static bool HasOwnText(IElement element) =>
        element.ChildNodes.OfType<IText>().Any(text => !string.IsNullOrWhiteSpace(text.Data));

    /// <summary>Header, body and footer rows kept apart; rows directly in the table are body rows.</summary>
    private void ReadTable(IElement table, string? caption)
    {
        var head = new List<IReadOnlyList<string>>();
        var body = new List<IReadOnlyList<string>>();
        var foot = new List<IReadOnlyList<string>>();
        foreach (var child in table.Children)
        {
            switch (child.LocalName)
            {
                case "caption":
                    caption ??= NullIfEmpty(TextOf(child));
                    break;
                case "thead":
                    head.AddRange(RowsOf(child));
                    break;
                case "tfoot":
                    foot.AddRange(RowsOf(child));
                    break;
                case "tbody":
                    body.AddRange(RowsOf(child));
                    break;
                case "tr":
                    body.AddRange(RowsOf(table, child));
                    break;
            }
        }

        if (caption is not null || head.Count + body.Count + foot.Count > 0)
        {
            blocks.Add(new TableBlock(caption, head, body, foot));
        }
    }

    private static IEnumerable<IReadOnlyList<string>> RowsOf(IElement section, IElement? only = null) =>
        section.Children
            .Where(row => row.LocalName == "tr" && (only is null || row == only))
            .Select(row => (IReadOnlyList<string>)row.Children.Where(cell => cell.LocalName is "td" or "th").Select(cell => TextOf(cell)).ToList())
            .Where(cells => cells.Any(cell => cell.Length > 0));

    /// <summary>
    /// Terms and descriptions grouped as HTML defines them: a run of terms, then the descriptions that follow.
    /// </summary>
    private void ReadDefinitions(IElement list)
    {
        var items = new List<DefinitionItem>();
        var terms = new List<string>();
        var descriptions = new List<string>();
        foreach (var child in list.Children.Where(child => child.LocalName is "dt" or "dd"))
        {
            var text = TextOf(child);
            if (text.Length == 0)
            {
                continue;
            }

            if (child.LocalName == "dt" && descriptions.Count > 0)
            {
                items.Add(new DefinitionItem(terms, descriptions));
                (terms, descriptions) = ([], []);
            }

            (child.LocalName == "dt" ? terms : descriptions).Add(text);
        }

        if (terms.Count + descriptions.Count > 0)
        {
            items.Add(new DefinitionItem(terms, descriptions));
        }

        if (items.Count > 0)
        {
            blocks.Add(new DefinitionListBlock(items));
        }
    }

    private void AddImage(IElement image, string? caption)
    {
        // The sanitizer removed every image without an acceptable src.
        var url = image.GetAttribute("src");
        if (!string.IsNullOrWhiteSpace(url))
        {
            blocks.Add(new ImageBlock(url, NullIfEmpty(image.GetAttribute("alt")?.Trim()), caption));
        }
    }

    private void Flush()
    {
        var text = Tidy(pending.ToString());
        pending.Clear();
        if (text.Length > 0)
        {
            blocks.Add(new ParagraphBlock(text));
        }
    }

    private static string TextOf(IElement element, IElement? skip = null)
    {
        var text = new StringBuilder();
        AppendText(text, element, child => child == skip);
        return Tidy(text.ToString());
    }

    /// <summary>Appends the text under <paramref name="node"/>; <paramref name="handled"/> may take over an element.</summary>
    private static void AppendText(StringBuilder text, INode node, Func<IElement, bool> handled)
    {
        if (node is IText textNode)
        {
            AppendCollapsed(text, textNode.Data);
            return;
        }

        if (node is not IElement element || handled(element))
        {
            return;
        }

        if (element.LocalName == "br")
        {
            text.Append('\n');
            return;
        }

        if (Withdrawn.Contains(element.LocalName))
        {
            return;
        }

        if (element.LocalName == "q")
        {
            // The marks a browser draws around a <q>: Arabic takes guillemets, other text curly quotes.
            var arabic = element.TextContent.Any(c => c is >= '\u0600' and <= '\u06FF');
            text.Append(arabic ? '«' : '“');
            foreach (var child in element.ChildNodes)
            {
                AppendText(text, child, handled);
            }

            text.Append(arabic ? '»' : '”');
            return;
        }

        // Cells of a table row stay on one line, separated by a space.
        var separator = LineElements.Contains(element.LocalName) ? "\n" : element.LocalName is "td" or "th" ? " " : "";
        text.Append(separator);
        foreach (var child in element.ChildNodes)
        {
            AppendText(text, child, handled);
        }

        text.Append(separator);
    }

    private static void AppendCollapsed(StringBuilder text, string data)
    {
        foreach (var c in data)
        {
            text.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
    }

    /// <summary>Collapses runs of spaces, trims every line and drops empty lines.</summary>
    private static string Tidy(string raw) =>
        string.Join('\n', raw
            .Split('\n')
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Where(line => line.Length > 0));

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
