using System.Globalization;
using NewsApi.Import;

namespace NewsApi.Redirects;

/// <summary>
/// The addresses a WordPress site answered on for a post, a category and a tag, from what its export holds. A WXR file
/// does not carry the site's permalink settings: a post's own <c>&lt;link&gt;</c> is its permalink whatever they were,
/// but category and tag archives are assumed at WordPress's default bases (<c>/category/…/</c>, <c>/tag/…/</c>). A site
/// that set other bases in Settings → Permalinks keeps those archive links only if its front end rewrites them.
/// </summary>
public static class WordPressLinks
{
    /// <summary>
    /// A post's permalink (<c>&lt;link&gt;</c>), its short link (<c>?p=ID</c> under the site's address) and its guid
    /// when the guid is an address on the site (WordPress writes <c>https://site/?p=ID</c> there; a guid from another
    /// host, as after a change of domain, or a tag: URI, was never an address of this site).
    /// </summary>
    public static IEnumerable<string> OfPost(WxrPost post)
    {
        if (post.Link.Length > 0)
        {
            yield return post.Link;
        }

        if (post.Id > 0)
        {
            yield return SitePath(post.SiteUrl) + "/?p=" + post.Id.ToString(CultureInfo.InvariantCulture);
        }

        if (IsOnSite(post.GuidText, post.SiteUrl.Length > 0 ? post.SiteUrl : post.Link))
        {
            yield return post.GuidText;
        }
    }

    /// <summary>
    /// A category's archive: <c>/category/parent/child/</c> with every ancestor's slug, root first, as WordPress builds it,
    /// and <c>/category/child/</c>, which WordPress also answers (redirecting to the full path).
    /// </summary>
    /// <param name="lineage">The category's WordPress slug and its ancestors', root first.</param>
    public static IEnumerable<string> OfCategory(string siteUrl, IReadOnlyList<string> lineage)
    {
        if (lineage.Count == 0)
        {
            yield break;
        }

        yield return $"{SitePath(siteUrl)}/category/{string.Join('/', lineage)}/";
        if (lineage.Count > 1)
        {
            yield return $"{SitePath(siteUrl)}/category/{lineage[^1]}/";
        }
    }

    public static string OfTag(string siteUrl, string slug) => $"{SitePath(siteUrl)}/tag/{slug}/";

    /// <summary>The path of the site's address, without a trailing slash: empty for a site at its domain's root.</summary>
    private static string SitePath(string siteUrl) =>
        Uri.TryCreate(siteUrl, UriKind.Absolute, out var site) ? site.AbsolutePath.TrimEnd('/') : "";

    private static bool IsOnSite(string guid, string siteUrl) =>
        Uri.TryCreate(guid, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
        && Uri.TryCreate(siteUrl, UriKind.Absolute, out var site)
        && string.Equals(WithoutWww(address.Host), WithoutWww(site.Host), StringComparison.OrdinalIgnoreCase);

    private static string WithoutWww(string host) => host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
}
