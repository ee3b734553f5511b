using System.Globalization;
using System.Text;

namespace NewsApi.Text;

/// <summary>One word of a text: where it stands in the original, and its normalised form.</summary>
/// <param name="Start">Index of the word's first character in the original text.</param>
/// <param name="Length">Length of the word in the original text (marks and tatweel included).</param>
/// <param name="Normalized">The word after <see cref="TextFolding.Fold"/>.</param>
public readonly record struct SearchWord(int Start, int Length, string Normalized);

/// <summary>
/// Splits text into words the way search sees them. Indexing, query parsing and snippet highlighting all go
/// through <see cref="Split"/>, so what the index holds, what a query asks and what a snippet marks agree.
/// </summary>
public static class SearchWords
{
    /// <summary>Normalised function words dropped from queries (they match nearly every article).</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "في", "من", "الي", "علي", "عن", "مع", "ان", "او", "ام", "ثم", "بل", "لكن", "حتي", "اذا", "اذ",
        "لا", "لم", "لن", "ما", "قد", "لقد", "هل", "كان", "كانت", "يكون", "تكون", "هو", "هي", "هم", "هن", "انا",
        "نحن", "انت", "انتم", "هذا", "هذه", "ذلك", "تلك", "هولاء", "اولئك", "الذي", "التي", "الذين", "اللذين",
        "اللتين", "اللواتي", "كل", "بعض", "اي", "غير", "بين", "عند", "عندما", "منذ", "خلال", "بعد", "قبل", "حيث",
        "كما", "ايضا", "به", "بها", "له", "لها", "لهم", "فيه", "فيها", "منه", "منها", "عليه", "عليها", "وفي",
        "ومن", "وعلي", "وان", "و", "ف", "ب", "ل", "ك", "يا", "الا", "اما", "لان", "مثل", "نحو", "دون",
    };

    /// <summary>The words of <paramref name="text"/>, in order, with their places in the original.</summary>
    public static IReadOnlyList<SearchWord> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // The index calls news_normalize and news_stem on the same field one after the other: split it once.
        if (_lastSplit is { } last && (ReferenceEquals(last.Text, text) || string.Equals(last.Text, text, StringComparison.Ordinal)))
        {
            return last.Words;
        }

        var words = new List<SearchWord>();
        var isKc = TextFolding.IsKcNormalized(text);
        var i = 0;
        while (NextWord(text, ref i, out var start, out var length))
        {
            AddNormalized(words, text, start, length, isKc);
        }

        _lastSplit = (text, words);
        return words;
    }

    /// <summary>
    /// The next word of <paramref name="text"/> as written (before normalisation), from <paramref name="index"/> on,
    /// which it moves past the word; false at the end. <see cref="Split"/> normalises each such word with
    /// <see cref="AddNormalized"/>; a reader that meets the same spelling many times (snippets) can normalise it once.
    /// </summary>
    public static bool NextWord(string text, ref int index, out int start, out int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = index;
        while (i < text.Length && !IsWordChar(text, i, out var width))
        {
            i += width;
        }

        start = i;
        while (i < text.Length && IsWordChar(text, i, out var width))
        {
            i += width;
        }

        length = i - start;
        index = i;
        return length > 0;
    }

    [ThreadStatic]
    private static (string Text, List<SearchWord> Words)? _lastSplit;

    /// <summary>The normalised words of <paramref name="text"/> separated by spaces: what the index stores.</summary>
    public static string IndexForm(string? text) => Join(text, stem: false);

    /// <summary>
    /// The stems of the normalised words of <paramref name="text"/> separated by spaces; a word with two readings
    /// (see <see cref="ArabicStemmer.Stems"/>) gives both.
    /// </summary>
    public static string StemForm(string? text) => Join(text, stem: true);

    private static string Join(string? text, bool stem)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (RecentForms.Find(text, stem) is { } known)
        {
            return known;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var word in Split(text))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            if (stem)
            {
                builder.AppendJoin(' ', ArabicStemmer.Stems(word.Normalized));
            }
            else
            {
                builder.Append(word.Normalized);
            }
        }

        var form = builder.ToString();
        RecentForms.Remember(text, stem, form);
        return form;
    }

    /// <summary>
    /// The last few index and stem forms computed on this thread. A writer that adds three tags to a new article
    /// re-indexes it three more times in the same transaction (one trigger per tag row); the body has not changed,
    /// so its forms come from here instead of being computed again.
    /// </summary>
    private static class RecentForms
    {
        private const int Size = 8;
        private const int MinimumLength = 256;

        [ThreadStatic]
        private static (string Text, bool Stem, string Form)[]? _entries;

        [ThreadStatic]
        private static int _next;

        public static string? Find(string text, bool stem)
        {
            if (text.Length < MinimumLength || _entries is null)
            {
                return null;
            }

            foreach (var entry in _entries)
            {
                if (entry.Stem == stem && string.Equals(entry.Text, text, StringComparison.Ordinal))
                {
                    return entry.Form;
                }
            }

            return null;
        }

        public static void Remember(string text, bool stem, string form)
        {
            if (text.Length < MinimumLength)
            {
                return;
            }

            _entries ??= new (string, bool, string)[Size];
            _entries[_next] = (text, stem, form);
            _next = (_next + 1) % Size;
        }
    }

    // A word is a run of letters, digits and marks; tatweel is a letter, and invisible controls (ZWJ, ZWNJ,
    // direction marks) inside a word do not break it.
    private static bool IsWordChar(string text, int index, out int width)
    {
        // The letters of most text here (Arabic letters, tatweel and marks; ASCII) without decoding a rune.
        var c = text[index];
        if (c is (>= '\u0621' and <= '\u065F') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9'))
        {
            width = 1;
            return true;
        }

        if (c is ' ' or '\n' or '.' or ',' or '\u060C')
        {
            width = 1;
            return false;
        }

        var status = Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out width);
        if (status != System.Buffers.OperationStatus.Done)
        {
            width = Math.Max(width, 1);
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format;
    }

    /// <summary>
    /// Adds the normalised words of the original word at <paramref name="start"/> (found by <see cref="NextWord"/>) to
    /// <paramref name="words"/>. <paramref name="isKc"/> says whether the whole text is in NFKC
    /// (<see cref="TextFolding.IsKcNormalized"/>), as <see cref="Split"/> decides it; the result depends on nothing else.
    /// </summary>
    /// <remarks>
    /// NFKC can turn one original word into several (the ligature ﷺ is four words), or into nothing (a lone
    /// direction mark): each part keeps the place of the word it came from. Format characters left after
    /// normalisation (a soft hyphen) separate words here, as they do in the FTS tokenizer.
    /// </remarks>
    public static void AddNormalized(List<SearchWord> words, string text, int start, int length, bool isKc)
    {
        var normalized = isKc
            ? TextFolding.FoldKcText(text.AsSpan(start, length))
            : TextFolding.Fold(text.Substring(start, length));
        if (isKc && IsOneWord(normalized))
        {
            // The usual case: NFKC had nothing to do, so the word is still one word.
            words.Add(new SearchWord(start, length, normalized));
            return;
        }

        var from = -1;
        var j = 0;
        while (j <= normalized.Length)
        {
            var width = 1;
            var inWord = j < normalized.Length && IsWordChar(normalized, j, out width)
                && CharUnicodeInfo.GetUnicodeCategory(normalized, j) != UnicodeCategory.Format;
            if (inWord && from < 0)
            {
                from = j;
            }
            else if (!inWord && from >= 0)
            {
                AddIfWord(words, new SearchWord(start, length, normalized[from..j]));
                from = -1;
            }

            j += width;
        }
    }

    private static bool IsOneWord(string normalized)
    {
        var letterOrDigit = false;
        foreach (var c in normalized)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.Surrogate)
            {
                return false;
            }

            letterOrDigit |= char.IsLetterOrDigit(c);
        }

        return letterOrDigit;
    }

    // A run of marks alone (a combining accent with no letter) is not a word: the FTS tokenizer may drop it.
    private static void AddIfWord(List<SearchWord> words, SearchWord word)
    {
        foreach (var rune in word.Normalized.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                words.Add(word);
                return;
            }
        }
    }
}
