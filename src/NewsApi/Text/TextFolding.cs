using System.Buffers;
using System.Globalization;
using System.Text;

namespace NewsApi.Text;

/// <summary>
/// The one character folding behind every text match: search (index and query), related words, and comments
/// (blocklist, duplicates, links). Two spellings it folds together are the same text to all of them; each feature
/// splits the folded text its own way (search into words and stems, spam matching into <see cref="ForMatching"/>).
/// </summary>
/// <remarks>
/// The steps, in order: NFKC (fullwidth and mathematical letters, Arabic presentation forms and ligatures become
/// plain letters); invisible characters dropped (every format character, such as ZWJ/ZWNJ, word joiner, soft hyphen,
/// bidi marks and tags, and the other default-ignorable code points: combining grapheme joiner, variation selectors,
/// Hangul fillers); Arabic tashkeel (U+064B–U+065F, U+0670), Quranic marks and tatweel dropped; أ إ آ ٱ → ا, ى → ي,
/// ة → ه, ؤ → و, ئ → ي, Persian ی ک → ي ك; Arabic-Indic and Persian digits → ASCII; lower case; and confusables to
/// a skeleton in the manner of Unicode TR39: the Cyrillic and Greek letters that look like Latin ones (<c>саsino</c>
/// → <c>casino</c>) and the ideographic full stop (<c>www。x。com</c>). The confusable table is hand-made and covers
/// those scripts only, not TR39's whole data file. Spaces and punctuation are kept.
/// </remarks>
public static class TextFolding
{
    /// <summary>Folds <paramref name="text"/> (see the class remarks). Never longer than the NFKC form of the input.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FoldKcText(NormalizeKc(text));
    }

    /// <summary>
    /// <see cref="Fold"/> of a span already in NFKC (the caller checked the whole text once: ICU calls per word
    /// would cost more than the rest of the work).
    /// </summary>
    public static string FoldKcText(ReadOnlySpan<char> text)
    {
        Span<char> buffer = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var written = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                i++;
                if (!IsIgnorable(rune))
                {
                    written += Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer[written..]);
                }
            }
            else if (!ArabicText.IsMark(c) && (char.IsSurrogate(c) || !IsIgnorable(new Rune(c))))
            {
                buffer[written++] = FoldChar(c);
            }
        }

        return new string(buffer[..written]);
    }

    /// <summary>True when <paramref name="text"/> needs no NFKC step.</summary>
    public static bool IsKcNormalized(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (AllNfkcStable(text))
        {
            return true;
        }

        try
        {
            return text.IsNormalized(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // Characters NFKC leaves as they are wherever they stand: no decomposition, combining class 0, and nothing composes
    // with them unless a combining mark follows (and marks are not in this set). A text of these alone (ASCII, Arabic
    // letters, digits and punctuation, guillemets, dashes and quotes: most articles) is in NFKC without asking ICU, which
    // costs a call across the native boundary and a pass over the text per body (snippets, the index).
    // Tashkeel (fathatan U+064B to sukun U+0652) is the one run of marks allowed: none of them decomposes or composes with
    // a letter (only madda and hamza, U+0653 to U+0655, do), and their combining classes (27 to 34) rise with their code
    // points, so a run is in canonical order, as NFKC leaves it, when each mark is at or above the one before it. Vocalised
    // Arabic (a quotation, a name) then needs no ICU either.
    private static bool AllNfkcStable(string text)
    {
        var rest = text.AsSpan();
        if (rest.ContainsAnyExcept(NfkcStable))
        {
            return false;
        }

        // The marks alone, each against the next (a vectorised search between them: most text has few marks or none).
        while (true)
        {
            var mark = rest.IndexOfAnyInRange(FirstTashkeel, LastTashkeel);
            if (mark < 0 || mark == rest.Length - 1)
            {
                return true;
            }

            if (IsTashkeel(rest[mark + 1]) && rest[mark + 1] < rest[mark])
            {
                return false;
            }

            rest = rest[(mark + 1)..];
        }
    }

    private const char FirstTashkeel = '\u064B';
    private const char LastTashkeel = '\u0652';

    private static readonly SearchValues<char> NfkcStable = SearchValues.Create(
        ArabicText.Range('\0', '\u009F') + ArabicText.Range('\u0600', '\u060F') + ArabicText.Range('\u061B', LastTashkeel)
        + ArabicText.Range('\u0660', '\u066F')
        + "\u00AB\u00BB\u2013\u2014\u2018\u2019\u201C\u201D");

    private static bool IsTashkeel(char c) => c is >= FirstTashkeel and <= LastTashkeel;

    /// <summary>The folding of one character after NFKC and the removal of invisible characters and marks.</summary>
    public static char FoldChar(char c) => c switch
    {
        < '\u0080' => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c,
        '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627', // أ إ آ ٱ → ا
        '\u0649' => '\u064A', // ى → ي
        '\u0629' => '\u0647', // ة → ه
        '\u0624' => '\u0648', // ؤ → و
        '\u0626' => '\u064A', // ئ → ي
        '\u06CC' => '\u064A', // Persian yeh ی → ي
        '\u06A9' => '\u0643', // Persian keheh ک → ك
        >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
        >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
        // Arabic letters have no case and no Latin look-alike.
        >= '\u0600' and <= '\u06FF' => c,
        _ => char.ToLowerInvariant(Skeleton(c)),
    };

    /// <summary>
    /// For spam matching (blocklist, duplicates): <see cref="Fold"/>, then the separators that hide a word removed:
    /// punctuation between two letters (<c>c.a.s.i.n.o</c>, <c>مراه۔نة</c>) and spaces around a single letter
    /// (<c>c a s i n o</c>, <c>م ر ا ه ن ة</c>); every other run of spaces and punctuation becomes one space, and the
    /// ends are trimmed. So <c>ca-sino</c>, <c>CASINO</c> and <c>c a s i n o</c> all read <c>casino</c>.
    /// </summary>
    public static string ForMatching(string text)
    {
        var folded = Fold(text);
        var result = new StringBuilder(folded.Length);
        var previousRun = 0; // length of the letter run just written
        var i = 0;
        while (i < folded.Length)
        {
            var start = i;
            while (i < folded.Length && IsLetterOrDigitAt(folded, i))
            {
                i += char.IsSurrogatePair(folded, i) ? 2 : 1;
            }

            var run = i - start;
            if (run > 0)
            {
                result.Append(folded, start, run);
                previousRun = run;
                continue;
            }

            var separatorHasSpace = false;
            while (i < folded.Length && !IsLetterOrDigitAt(folded, i))
            {
                separatorHasSpace |= char.IsWhiteSpace(folded[i]);
                i++;
            }

            var next = 0;
            while (i + next < folded.Length && IsLetterOrDigitAt(folded, i + next))
            {
                next += char.IsSurrogatePair(folded, i + next) ? 2 : 1;
            }

            var joins = previousRun > 0 && next > 0 && (!separatorHasSpace || previousRun == 1 || next == 1);
            if (previousRun > 0 && next > 0 && !joins)
            {
                result.Append(' ');
            }

            previousRun = 0;
        }

        return result.ToString();
    }

    private static bool IsLetterOrDigitAt(string text, int index) =>
        Rune.TryGetRuneAt(text, index, out var rune) && Rune.IsLetterOrDigit(rune);

    // Format characters and the other default-ignorable code points (Unicode's DerivedCoreProperties): they draw
    // nothing, so two strings that differ only by them look the same.
    private static bool IsIgnorable(Rune rune) => rune.Value switch
    {
        < 0x00AD => false,
        0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0 => true,
        >= 0x180B and <= 0x180F => true,
        >= 0x200B and <= 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2060 and <= 0x206F => true,
        >= 0xFE00 and <= 0xFE0F => true,
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true,
        >= 0x1D173 and <= 0x1D17A => true,
        >= 0xE0000 and <= 0xE0FFF => true,
        _ => Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format,
    };

    // Cyrillic and Greek letters drawn like a Latin letter, and the ideographic full stop that links use as a dot.
    // Taken before lower-casing, because a capital and its small letter can look like different Latin letters
    // (Greek Ν is N, ν is v).
    private static char Skeleton(char c) => c switch
    {
        'А' => 'A', 'В' => 'B', 'С' => 'C', 'Е' => 'E', 'Н' => 'H', 'І' => 'I', 'Ј' => 'J', 'К' => 'K', 'М' => 'M',
        'О' => 'O', 'Р' => 'P', 'Ѕ' => 'S', 'Т' => 'T', 'Х' => 'X', 'У' => 'Y', 'Ү' => 'Y',
        'а' => 'a', 'в' => 'b', 'ь' => 'b', 'с' => 'c', 'ԁ' => 'd', 'е' => 'e', 'г' => 'r', 'һ' => 'h', 'і' => 'i',
        'ј' => 'j', 'к' => 'k', 'ӏ' => 'l', 'м' => 'm', 'п' => 'n', 'о' => 'o', 'р' => 'p', 'ԛ' => 'q', 'ѕ' => 's',
        'т' => 't', 'ѵ' => 'v', 'ԝ' => 'w', 'х' => 'x', 'у' => 'y',
        'Α' => 'A', 'Β' => 'B', 'Ε' => 'E', 'Ζ' => 'Z', 'Η' => 'H', 'Ι' => 'I', 'Κ' => 'K', 'Μ' => 'M', 'Ν' => 'N',
        'Ο' => 'O', 'Ρ' => 'P', 'Τ' => 'T', 'Υ' => 'Y', 'Χ' => 'X',
        'α' => 'a', 'β' => 'b', 'ε' => 'e', 'η' => 'n', 'ι' => 'i', 'κ' => 'k', 'ν' => 'v', 'ο' => 'o', 'ρ' => 'p',
        'τ' => 't', 'υ' => 'u', 'χ' => 'x', 'γ' => 'y', 'ω' => 'w', 'ı' => 'i',
        '\u3002' => '.',
        _ => c,
    };

    private static string NormalizeKc(string s)
    {
        try
        {
            return s.IsNormalized(NormalizationForm.FormKC) ? s : s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised; they are not word characters, so the text is usable as is.
            return s;
        }
    }
}
