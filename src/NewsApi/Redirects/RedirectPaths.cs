using System.Text;

namespace NewsApi.Redirects;

/// <summary>
/// The one form an old address is recorded and looked up in, so that every way a front end or a search engine writes
/// the same address finds it: Arabic percent-encoded (upper- or lower-case hex) or raw, with or without the trailing
/// slash, a bare path or the whole URL (the scheme and host are dropped: a site that moved to NewsApi often keeps its
/// domain, and when it does not, the old host is not what tells its paths apart).
/// </summary>
public static class RedirectPaths
{
    /// <summary>The longest <c>path</c> a lookup accepts, in characters.</summary>
    public const int MaxLength = 2000;

    /// <summary>Longer keys are not recorded: PostgreSQL's index holds entries of about 2,700 bytes at most.</summary>
    public const int MaxKeyBytes = 2000;

    /// <summary>
    /// The key of <paramref name="pathOrUrl"/>: its path percent-decoded (sequences that are not UTF-8 stay as they are),
    /// in NFC, lower-case, without a trailing slash or a final <c>/index.php</c>; then its query, if any, with its
    /// parameters percent-decoded and in ordinal order, leaving out campaign tags (<c>utm_*</c>, <c>fbclid</c>,
    /// <c>gclid</c>) that sharing adds; the fragment dropped. <c>?p=35</c> stays part of the key: WordPress's short link.
    /// Null when nothing is left to look up, or when the address holds a NUL (which no address recorded has).
    /// </summary>
    public static string? Key(string? pathOrUrl)
    {
        if (string.IsNullOrWhiteSpace(pathOrUrl))
        {
            return null;
        }

        var text = WithoutSchemeAndHost(pathOrUrl.Trim());
        if (text.IndexOf('#', StringComparison.Ordinal) is >= 0 and var hash)
        {
            text = text[..hash];
        }

        var question = text.IndexOf('?', StringComparison.Ordinal);
        var path = Path(Decode(question >= 0 ? text[..question] : text));
        var query = question >= 0 ? Query(text[(question + 1)..]) : "";
        var key = (query.Length > 0 ? path + "?" + query : path).ToLowerInvariant();
        return key.Contains('\0', StringComparison.Ordinal) ? null : key;
    }

    /// <summary>Whether a key can be stored (see <see cref="MaxKeyBytes"/>).</summary>
    public static bool IsStorable(string key) => Encoding.UTF8.GetByteCount(key) <= MaxKeyBytes;

    /// <summary>What follows <c>scheme://host[:port]</c> (or a protocol-relative <c>//host</c>); the text itself when it has neither.</summary>
    private static string WithoutSchemeAndHost(string text)
    {
        int authority;
        if (text.StartsWith("//", StringComparison.Ordinal))
        {
            authority = 2;
        }
        else
        {
            var separator = text.IndexOf("://", StringComparison.Ordinal);
            if (separator <= 0 || !char.IsAsciiLetter(text[0]) || !text[..separator].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return text;
            }

            authority = separator + 3;
        }

        var end = text.IndexOfAny(['/', '?', '#'], authority);
        return end < 0 ? "/" : text[end..];
    }

    private static string Path(string path)
    {
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        path = path.TrimEnd('/');
        if (path.EndsWith("/index.php", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^"/index.php".Length].TrimEnd('/');
        }

        return path.Length == 0 ? "/" : path;
    }

    private static string Query(string query)
    {
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(Decode)
            .Where(parameter => !IsCampaignTag(parameter))
            .Order(StringComparer.Ordinal);
        return string.Join('&', parameters);
    }

    private static bool IsCampaignTag(string parameter)
    {
        var name = parameter.Split('=', 2)[0];
        return name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
            || name.Equals("fbclid", StringComparison.OrdinalIgnoreCase)
            || name.Equals("gclid", StringComparison.OrdinalIgnoreCase);
    }

    // Uri.UnescapeDataString leaves a sequence that is not UTF-8 as it is (WordPress cuts long Arabic slugs at 200
    // bytes, sometimes inside a letter): both forms of such an address then meet in the lower-cased key.
    private static string Decode(string text)
    {
        var decoded = Uri.UnescapeDataString(text);
        try
        {
            return decoded.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return decoded; // a lone surrogate: nothing recorded has one, so it only has to find nothing
        }
    }
}
