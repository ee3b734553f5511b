using System.Globalization;
using System.Text;

namespace NewsApi.Text;

/// <summary>
/// Unicode URL slugs. Letters keep their script and spelling (Arabic stays Arabic, ى stays ى), so a
/// slug reads like its title; uniqueness is the caller's job, with <see cref="WithSuffix"/>.
/// </summary>
public static class Slugs
{
    /// <summary>Longest slug, in UTF-16 characters (not percent-encoded bytes).</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// Builds the slug of a title: NFKC-normalised, Arabic marks and tatweel removed, Latin lower-cased,
    /// letters and digits of any script kept (decimal digits of any script become ASCII), every other
    /// character dropped, words joined by single hyphens, at most <see cref="MaxLength"/> characters
    /// cut between words.
    /// </summary>
    /// <returns>
    /// The slug, or <c>""</c> when the title has no letter or digit at all (e.g. <c>"!!!"</c>); the
    /// caller must then fall back to something else, such as the article id.
    /// </returns>
    public static string FromTitle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);

        var text = ArabicText.StripMarks(NormalizeKc(title));
        var slug = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        var wordBreak = false;

        foreach (var rune in text.EnumerateRunes())
        {
            if (IsApostrophe(rune))
            {
                // "Don't" is one word, not "don-t".
                continue;
            }

            if (Rune.IsLetterOrDigit(rune) || (slug.Length > 0 && !wordBreak && IsCombiningMark(rune)))
            {
                if (wordBreak && slug.Length > 0)
                {
                    slug.Append('-');
                }

                wordBreak = false;
                AppendFolded(slug, rune);

                // Once past the limit the cut point is known; the rest of a huge input is irrelevant.
                if (slug.Length > MaxLength)
                {
                    break;
                }
            }
            else
            {
                // Whitespace, punctuation and symbols all separate words, so "كوريا،الشمالية" stays two words.
                wordBreak = true;
            }
        }

        return Cut(slug.ToString(), MaxLength);
    }

    /// <summary>
    /// Makes a duplicate slug unique: <c>WithSuffix("x", 2)</c> is <c>"x-2"</c>. The base is shortened
    /// between words when needed so the result stays within <see cref="MaxLength"/>.
    /// </summary>
    /// <param name="slug">A slug from <see cref="FromTitle"/>.</param>
    /// <param name="n">2 for the first duplicate, 3 for the next; the original keeps the bare slug.</param>
    public static string WithSuffix(string slug, int n)
    {
        ArgumentNullException.ThrowIfNull(slug);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);

        var number = n.ToString(CultureInfo.InvariantCulture);
        if (slug.Length == 0)
        {
            return number;
        }

        return Cut(slug, MaxLength - number.Length - 1) + "-" + number;
    }

    private static string NormalizeKc(string s)
    {
        try
        {
            return s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised; EnumerateRunes turns them into U+FFFD, which is dropped.
            return s;
        }
    }

    private static bool IsApostrophe(Rune rune) =>
        rune.Value is '\'' or '\u2018' or '\u2019' or '\u02BC';

    // Marks left after StripMarks belong to the letter before them (Indic vowel signs, for example).
    private static bool IsCombiningMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark;

    private static void AppendFolded(StringBuilder slug, Rune rune)
    {
        if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber)
        {
            // ٣ and ۳ and 3 must give the same URL.
            slug.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
            return;
        }

        Span<char> chars = stackalloc char[2];
        slug.Append(chars[..Rune.ToLowerInvariant(rune).EncodeToUtf16(chars)]);
    }

    /// <summary>Shortens a slug to at most <paramref name="max"/> characters, between words if it can.</summary>
    private static string Cut(string slug, int max)
    {
        if (slug.Length <= max)
        {
            return slug;
        }

        if (slug[max] == '-')
        {
            return slug[..max];
        }

        var lastBreak = slug.LastIndexOf('-', max - 1);
        if (lastBreak > 0)
        {
            return slug[..lastBreak];
        }

        // A single word longer than the limit: cut it, but not inside a surrogate pair.
        return slug[..(char.IsHighSurrogate(slug[max - 1]) ? max - 1 : max)];
    }
}
