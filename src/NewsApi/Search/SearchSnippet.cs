using System.Text;
using NewsApi.Text;

namespace NewsApi.Search;

/// <summary>
/// Cuts the snippet of a hit from the article's ORIGINAL text (as the reader will see it, not the normalised
/// form the index holds): a window of words around the densest cluster of matches, the matched words wrapped
/// in <c>&lt;mark&gt;</c>…<c>&lt;/mark&gt;</c>, and everything else HTML-escaped.
/// </summary>
public static class SearchSnippet
{
    /// <summary>Words in a snippet.</summary>
    public const int WindowWords = 24;

    /// <summary>Words shown before the first match of the window, for context.</summary>
    private const int LeadingWords = 6;

    private const char Ellipsis = '…';

    /// <summary>
    /// The snippet of the field (in <paramref name="fields"/>, most preferred first) with the best window of
    /// matches; the beginning of the first non-empty field, unmarked, when no field has a match (an article found
    /// through a tag).
    /// </summary>
    public static string Build(SearchTerms terms, params string?[] fields)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(fields);

        (string Text, Window Window)? best = null;
        // A body of some 1,500 words uses a few hundred distinct ones, and a page's 20 bodies share most of them: each is
        // stemmed and compared with the terms once per search (stemming every occurrence was a third of a common
        // word's search time, measured).
        var termOf = terms.TermOfWord;
        foreach (var field in fields)
        {
            if (string.IsNullOrWhiteSpace(field))
            {
                continue;
            }

            var window = BestWindow(terms, Words(terms, field, termOf));
            if (best is null || window.Score > best.Value.Window.Score)
            {
                best = (field, window);
            }
        }

        return best is { } found ? Render(found.Text, found.Window) : string.Empty;
    }

    private readonly record struct Word(int Start, int End, int Term);

    private readonly record struct Window(IReadOnlyList<Word> Words, int First, int Count, int Score);

    // One entry per word of the original text; Term is the index of the query term it matches, or -1.
    private static List<Word> Words(SearchTerms terms, string text, Dictionary<string, int> termOf)
    {
        var words = new List<Word>();
        foreach (var word in SearchWords.Split(text))
        {
            if (!termOf.TryGetValue(word.Normalized, out var term))
            {
                term = TermOf(terms, word.Normalized);
                termOf.Add(word.Normalized, term);
            }

            if (words.Count > 0 && words[^1].Start == word.Start)
            {
                // Parts of one original word (NFKC split a ligature): one word, matched if any part is.
                if (words[^1].Term < 0 && term >= 0)
                {
                    words[^1] = words[^1] with { Term = term };
                }

                continue;
            }

            words.Add(new Word(word.Start, word.Start + word.Length, term));
        }

        return words;
    }

    // The same test as the index's: the exact normalised word, or a stem in common.
    private static int TermOf(SearchTerms terms, string normalized)
    {
        var stems = ArabicStemmer.Stems(normalized);
        for (var i = 0; i < terms.Terms.Count; i++)
        {
            if (terms.Terms[i].Exact == normalized || terms.Terms[i].Stems.Any(stems.Contains))
            {
                return i;
            }
        }

        return -1;
    }

    // Distinct terms count most, then the number of matches; the first window wins a tie.
    private static Window BestWindow(SearchTerms terms, List<Word> words)
    {
        var best = new Window(words, 0, Math.Min(WindowWords, words.Count), 0);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Term < 0)
            {
                continue;
            }

            var first = Math.Max(0, i - LeadingWords);
            var count = Math.Min(WindowWords, words.Count - first);
            var distinct = new bool[terms.Terms.Count];
            var matches = 0;
            for (var j = first; j < first + count; j++)
            {
                if (words[j].Term >= 0)
                {
                    distinct[words[j].Term] = true;
                    matches++;
                }
            }

            var score = (distinct.Count(d => d) * 1000) + matches;
            if (score > best.Score)
            {
                best = new Window(words, first, count, score);
            }
        }

        return best;
    }

    private static string Render(string text, Window window)
    {
        if (window.Count == 0)
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        var words = window.Words;
        if (window.First > 0)
        {
            output.Append(Ellipsis).Append(' ');
        }
        else
        {
            // An opening quote or bracket before the first word («ظلال النخيل») belongs to the snippet.
            AppendGap(output, text.AsSpan(0, words[0].Start).Trim());
        }

        var last = window.First + window.Count - 1;
        for (var i = window.First; i <= last; i++)
        {
            var word = words[i];
            if (word.Term >= 0)
            {
                output.Append("<mark>");
                HtmlText.AppendEscaped(output, text.AsSpan(word.Start, word.End - word.Start));
                output.Append("</mark>");
            }
            else
            {
                HtmlText.AppendEscaped(output, text.AsSpan(word.Start, word.End - word.Start));
            }

            // What stands between two words (punctuation, spaces, line breaks) is kept, whitespace collapsed.
            var gapEnd = i < words.Count - 1 ? words[i + 1].Start : text.Length;
            var gap = text.AsSpan(word.End, gapEnd - word.End);
            if (i < last)
            {
                AppendGap(output, gap);
            }
            else
            {
                AppendGap(output, gap.TrimEnd());
            }
        }

        if (last < words.Count - 1)
        {
            output.Append(' ').Append(Ellipsis);
        }

        return output.ToString().Trim();
    }

    private static void AppendGap(StringBuilder output, ReadOnlySpan<char> gap)
    {
        var space = false;
        foreach (var c in gap)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                output.Append(' ');
                space = false;
            }

            HtmlText.AppendEscaped(output, new ReadOnlySpan<char>(in c));
        }

        if (space)
        {
            output.Append(' ');
        }
    }
}
