using System.Text;

namespace NewsApi.Text;

/// <summary>
/// Brings Arabic text to the one spelling search compares: the same code runs when an article is indexed and
/// when a reader's query arrives, so any two spellings it folds together find each other.
/// </summary>
public static class ArabicNormalizer
{
    /// <summary>
    /// NFKC, then: tashkeel, Quranic marks, tatweel, zero-width and direction controls removed
    /// (<see cref="ArabicText.StripMarks"/>); أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Persian ی ک → ي ك;
    /// Arabic-Indic and Persian digits → ASCII; letters lower-cased. Everything else (spaces, punctuation)
    /// is kept, so the result can still be split into words.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var stripped = ArabicText.StripMarks(NormalizeKc(text));
        return string.Create(stripped.Length, stripped, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = Fold(source[i]);
            }
        });
    }

    /// <summary>
    /// <see cref="Normalize"/> of a span already in NFKC (the caller checked the whole text once: ICU calls per word
    /// would cost more than the rest of the work).
    /// </summary>
    public static string NormalizeKcText(ReadOnlySpan<char> text)
    {
        Span<char> buffer = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var written = 0;
        foreach (var c in text)
        {
            if (!ArabicText.IsMark(c))
            {
                buffer[written++] = Fold(c);
            }
        }

        return new string(buffer[..written]);
    }

    /// <summary>True when <paramref name="text"/> needs no NFKC step.</summary>
    public static bool IsKcNormalized(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The folding of one character after NFKC and mark removal.</summary>
    public static char Fold(char c) => c switch
    {
        '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627', // أ إ آ ٱ → ا
        '\u0649' => '\u064A', // ى → ي
        '\u0629' => '\u0647', // ة → ه
        '\u0624' => '\u0648', // ؤ → و
        '\u0626' => '\u064A', // ئ → ي
        '\u06CC' => '\u064A', // Persian yeh ی → ي
        '\u06A9' => '\u0643', // Persian keheh ک → ك
        >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
        >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
        < '\u0080' => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c,
        // Arabic letters have no case; elsewhere (Latin with accents, Greek, Cyrillic) the invariant rule.
        >= '\u0600' and <= '\u06FF' => c,
        _ => char.ToLowerInvariant(c),
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
