using System.Text.RegularExpressions;

namespace NewsApi.Text;

/// <summary>An article's language tag and the direction its text runs in.</summary>
public readonly record struct LanguageAndDirection(string Language, string Direction);

/// <summary>
/// Language and direction of a text judged by its script alone: a deliberately simple rule for imports, where a
/// WordPress export mixes Arabic and English posts and carries no language per post. Letters are counted: when at least
/// half of them are Arabic-script letters the text is Arabic (<c>ar</c>, <c>rtl</c>), when Latin letters outnumber them
/// it is English (<c>en</c>, <c>ltr</c>). A text without letters is the site's default, Arabic. Persian or Urdu would
/// be called <c>ar</c> (still right-to-left, which is what front ends lay out by); French would be called <c>en</c>.
/// An editor corrects either through the editorial API.
/// </summary>
public static partial class TextLanguage
{
    public static readonly LanguageAndDirection Arabic = new("ar", "rtl");

    public static readonly LanguageAndDirection English = new("en", "ltr");

    // Languages written right to left (BCP 47 primary subtags), for a tag an editor sends without a direction.
    private static readonly HashSet<string> RightToLeft = new(StringComparer.OrdinalIgnoreCase)
    {
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
    };

    public static LanguageAndDirection Detect(string? text)
    {
        var (arabic, latin) = (0, 0);
        foreach (var c in text ?? "")
        {
            if (IsArabicScript(c) && char.IsLetter(c))
            {
                arabic++;
            }
            else if (char.IsAsciiLetter(c) || (c is >= '\u00C0' and <= '\u024F' && char.IsLetter(c)))
            {
                latin++;
            }
        }

        return latin > arabic ? English : Arabic;
    }

    /// <summary>The direction a language tag's text runs in: rtl for Arabic, Hebrew, Persian, Urdu and their kin, else ltr.</summary>
    public static string DirectionOf(string languageTag)
    {
        var primary = languageTag.Split('-', 2)[0];
        return RightToLeft.Contains(primary) ? "rtl" : "ltr";
    }

    /// <summary>
    /// A BCP 47-shaped tag: a primary language subtag of 2–3 letters, then subtags of 1–8 letters or digits
    /// (<c>ar</c>, <c>ar-EG</c>, <c>en-GB</c>, <c>zh-Hant-TW</c>), at most 35 characters. Its registry is not consulted.
    /// </summary>
    public static bool IsLanguageTag(string? tag) => tag is { Length: <= 35 } && LanguageTag().IsMatch(tag);

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    private static bool IsArabicScript(char c) =>
        c is >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\u08A0' and <= '\u08FF'
            or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF';
}
