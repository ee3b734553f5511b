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
        foreach (var field in fields)
        {
            if (string.IsNullOrWhiteSpace(field))
            {
                continue;
            }

            var window = BestWindow(terms, Words(terms, field));
            if (best is null || window.Score > best.Value.Window.Score)
            {
                best = (field, window);
            }
        }

        return best is { } found ? Render(found.Text, found.Window) : string.Empty;
    }

    private readonly record struct Word(int Start, int End, int Term);

    private readonly record struct Window(IReadOnlyList<Word> Words, int First, int Count, int Score);

    // What an original spelling normalises to when NFKC leaves no word of it (a lone direction mark): nothing to show.
    private const int NotAWord = -2;

    // One entry per word of the original text; Term is the index of the query term it matches, or -1.
    // A body of some 1,500 words uses a few hundred distinct spellings, and a page's 20 bodies share most of them: each
    // spelling is normalised, stemmed and compared with the terms once per search (normalising every word of every body
    // was some 30 % of a common word's search, measured), the rest are a lookup of the word as written.
    private static List<Word> Words(SearchTerms terms, string text)
    {
        var isKc = TextFolding.IsKcNormalized(text);
        var termOfSpelling = isKc ? terms.TermOfKcSpelling : terms.TermOfOtherSpelling;
        var lookup = termOfSpelling.GetAlternateLookup<ReadOnlySpan<char>>();
        var words = new List<Word>(text.Length / 5);
        var stemLetters = terms.StemLetterSets;
        var index = 0;
        while (SearchWords.NextWord(text, ref index, out var start, out var length))
        {
            var spelling = text.AsSpan(start, length);
            if (LetterSet(spelling) is { } letters && !HasEveryLetterOfOne(letters, stemLetters))
            {
                // Plain Arabic letters lacking a letter of every stem: it cannot contain a stem, so it cannot match.
                words.Add(new Word(start, start + length, -1));
                continue;
            }

            if (!lookup.TryGetValue(spelling, out var term))
            {
                term = TermOfSpelling(terms, text, start, length, isKc);
                lookup[spelling] = term;
            }

            if (term != NotAWord)
            {
                words.Add(new Word(start, start + length, term));
            }
        }

        return words;
    }

    /// <summary>
    /// The folded letters of a word written in plain Arabic letters alone (no tashkeel, tatweel or other character), as
    /// bits; null for any other word. Such a word normalises letter by letter (<see cref="TextFolding.FoldChar"/>, in
    /// NFKC or not), so its normalised form can contain a stem only if it has every letter of the stem: most words of a
    /// body are passed over by that test, without a lookup or a normalisation.
    /// </summary>
    internal static ulong? LetterSet(ReadOnlySpan<char> word)
    {
        var letters = 0UL;
        foreach (var c in word)
        {
            var offset = c - FirstLetter;
            if ((uint)offset >= (uint)FoldedLetterBits.Length || FoldedLetterBits[offset] == 0)
            {
                return null;
            }

            letters |= FoldedLetterBits[offset];
        }

        return letters;
    }

    private const char FirstLetter = '\u0621';

    // The bit of each plain Arabic letter's folded form (U+0621 to U+064A; 0 for the few code points between that are not
    // such letters, tatweel among them), read from FoldChar once: a body's thousands of words are tested a letter at a time.
    private static readonly ulong[] FoldedLetterBits = Enumerable.Range(FirstLetter, '\u064A' - FirstLetter + 1)
        .Select(c => c is >= '\u063B' and <= '\u0640' ? 0UL : 1UL << (TextFolding.FoldChar((char)c) - FirstLetter))
        .ToArray();

    private static bool HasEveryLetterOfOne(ulong letters, ulong[] stems)
    {
        foreach (var stem in stems)
        {
            if ((letters & stem) == stem)
            {
                return true;
            }
        }

        return false;
    }

    // The term the first of the spelling's normalised words matches (NFKC may split a ligature into several: one word,
    // matched if any part is), -1 when none does.
    private static int TermOfSpelling(SearchTerms terms, string text, int start, int length, bool isKc)
    {
        var parts = new List<SearchWord>(1);
        SearchWords.AddNormalized(parts, text, start, length, isKc);
        if (parts.Count == 0)
        {
            return NotAWord;
        }

        foreach (var part in parts)
        {
            if (!terms.TermOfWord.TryGetValue(part.Normalized, out var term))
            {
                term = TermOf(terms, part.Normalized);
                terms.TermOfWord.Add(part.Normalized, term);
            }

            if (term >= 0)
            {
                return term;
            }
        }

        return -1;
    }

    // The same test as the index's: the exact normalised word, or a stem in common. A stem is the word or a slice of it,
    // so a word that contains none of the terms' stems cannot match: most words of a body are settled by that, unstemmed.
    private static int TermOf(SearchTerms terms, string normalized)
    {
        if (!terms.Terms.Any(term => term.Stems.Any(stem => normalized.Contains(stem, StringComparison.Ordinal))))
        {
            return -1;
        }

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
