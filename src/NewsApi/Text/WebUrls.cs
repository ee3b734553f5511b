namespace NewsApi.Text;

/// <summary>
/// URLs that come from outside (a commenter's site, an editor's related link or image, a WordPress import) and are
/// later written into JSON, HTML attributes, feeds and sitemaps. The one rule for all of them: an absolute http or
/// https URL, kept only in a normalised form in which no character that could end an attribute or open markup is
/// left raw, so no consumer has to escape it correctly for the link to be harmless.
/// </summary>
public static class WebUrls
{
    /// <summary>True when <paramref name="value"/> has a normalised form (see <see cref="Normalize"/>).</summary>
    public static bool IsWebUrl(string? value) => Normalize(value) is not null;

    /// <summary>
    /// The URL as stored: scheme and host lower-cased, an international host in its ASCII (punycode) form, the default
    /// port dropped, and every character outside the URL syntax percent-encoded (spaces, quotes, angle brackets,
    /// back-ticks, non-ASCII). Null when <paramref name="value"/> is not an absolute http(s) URL, names no host,
    /// carries a user name or password (<c>https://bank.example@evil.example</c> reads as the first host and goes to
    /// the second), or holds a control character (refused rather than encoded: it is never part of a real link).
    /// </summary>
    public static string? Normalize(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Any(char.IsControl)
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Host.Length == 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Uri escapes everything but the apostrophe, which is legal in a URL and still closes a single-quoted attribute.
        var rest = (uri.PathAndQuery + uri.Fragment).Replace("'", "%27", StringComparison.Ordinal);
        return $"{uri.Scheme}://{host}{port}{rest}";
    }
}
