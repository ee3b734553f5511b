using System.Text;
using AngleSharp.Dom;

namespace NewsApi.Text;

/// <summary>Derives <see cref="ContentBlock"/>s from the body of an already sanitised document.</summary>
internal sealed class BlockReader
{
    // Elements that flow inside a paragraph; at the top level, a run of them forms one paragraph.
    private static readonly HashSet<string> InlineElements =
        ["a", "b", "strong", "em", "i", "u", "s", "sub", "sup", "code", "span", "cite", "br", "img"];

    // Elements that start a new line when the text of a larger element (a table, a quote) is flattened.
    private static readonly HashSet<string> LineElements =
        ["p", "li", "tr", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "pre", "ul", "ol",
         "table", "thead", "tbody", "hr"];

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
