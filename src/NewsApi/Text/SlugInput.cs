namespace NewsApi.Text;

/// <summary>
/// Brings a slug that arrives in a URL or query to the form slugs are stored in, so that a link copied from
/// a browser (NFC or NFD, upper-case Latin, stray harakat or tatweel, Arabic-Indic digits) still finds its
/// article. Slug generation is idempotent on a slug, so it is the canonical form.
/// </summary>
public static class SlugInput
{
    public static string Canonical(string slug)
    {
        var canonical = Slugs.FromTitle(slug);
        return canonical.Length > 0 ? canonical : slug;
    }
}
