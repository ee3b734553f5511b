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
        // A value with nothing slug-like in it is looked up as sent, so it finds nothing, except that a NUL (which a
        // query string can carry) becomes U+FFFD: PostgreSQL text cannot hold NUL and would refuse the query itself.
        return canonical.Length > 0 ? canonical : slug.Replace('\0', '\uFFFD');
    }
}
