using System.Text;

namespace NewsApi.Text;

/// <summary>
/// Brings a slug that arrives in a URL or query to the form slugs are stored in, so that a link copied from
/// a browser (NFC or NFD, upper-case Latin, stray harakat or tatweel) still finds its article.
/// </summary>
public static class SlugInput
{
    public static string Canonical(string slug) =>
        ArabicText.StripMarks(slug.Trim().Normalize(NormalizationForm.FormKC)).ToLowerInvariant();
}
