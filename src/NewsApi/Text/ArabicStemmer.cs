namespace NewsApi.Text;

/// <summary>
/// A light stemmer in the spirit of Lucene's Arabic light stemmer, for words already passed through
/// <see cref="TextFolding"/> (so ة is ه and ى is ي): one prefix and one suffix at most, never leaving fewer
/// than three letters. It is a search aid, not morphology: it only has to send the spellings a reader types
/// (الدفاع, والدفاع, للدفاع, دفاع) to the same key.
/// </summary>
public static class ArabicStemmer
{
    public const int MinimumLength = 3;

    // Longest first, so وال is tried before و. Bare ف ب ك ل are not stripped: too many words begin with them
    // (كوريا, فيلم, بنك, لاعب), and one stem per word cannot take them back.
    private static readonly string[] Prefixes = ["وال", "بال", "كال", "فال", "لل", "ال", "و"];

    // Normalised forms of Lucene's list: ية → يه and ة → ه after normalisation.
    private static readonly string[] Suffixes = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

    // Words the rules would damage. الله would lose its ال and become a different word.
    private static readonly HashSet<string> Protected = new(StringComparer.Ordinal) { "الله", "لله", "والله", "بالله", "تالله" };

    /// <summary>The stem of one normalised word; the word itself when nothing applies.</summary>
    public static string Stem(string word) => Stem(word, stripWaw: true);

    /// <summary>
    /// The stems of one normalised word: <see cref="Stem(string)"/>, and for a word whose leading و was stripped as a
    /// conjunction, also the stem with that و kept. و may be a conjunction (وكوريا → كوريا) or the word's own first
    /// letter (وزير, which الوزير stems to وزير): the index keeps both readings, and a query matches either, so
    /// وزير finds الوزير and كوريا finds وكوريا. Every stem is the word or a slice of it (snippets rely on that to pass
    /// over words that contain no stem of a query term without stemming them).
    /// </summary>
    public static IReadOnlyList<string> Stems(string word)
    {
        var stem = Stem(word, stripWaw: true);
        if (word.Length <= MinimumLength || word[0] != '\u0648' || word.StartsWith("وال", StringComparison.Ordinal))
        {
            return [stem];
        }

        var kept = Stem(word, stripWaw: false);
        return stem == kept ? [stem] : [stem, kept];
    }

    private static string Stem(string word, bool stripWaw)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= MinimumLength || Protected.Contains(word) || !IsArabic(word))
        {
            return word;
        }

        var span = word.AsSpan();
        foreach (var prefix in Prefixes)
        {
            // و only on words of four letters or more; every prefix must leave at least three letters.
            if (span.StartsWith(prefix, StringComparison.Ordinal) && span.Length - prefix.Length >= MinimumLength)
            {
                if (stripWaw || prefix != "و")
                {
                    span = span[prefix.Length..];
                }

                break;
            }
        }

        foreach (var suffix in Suffixes)
        {
            if (span.EndsWith(suffix, StringComparison.Ordinal) && span.Length - suffix.Length >= MinimumLength)
            {
                span = span[..^suffix.Length];
                break;
            }
        }

        return span.Length == word.Length ? word : span.ToString();
    }

    // Latin words (COP29, OpenAI) and numbers are left as they are.
    private static bool IsArabic(string word) => word[0] is >= '\u0621' and <= '\u064A';
}
