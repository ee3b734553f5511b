namespace NewsApi.Text;

/// <summary>
/// The media services whose links are embedded rather than shown as text: what WordPress turns into a player when the
/// URL stands alone on a line (its oEmbed providers), and what an <see cref="EmbedBlock"/> names as its provider.
/// </summary>
public static class EmbedProviders
{
    // Host (without "www." or "m.") → provider name. A subdomain of a listed host counts too (player.vimeo.com).
    private static readonly Dictionary<string, string> Hosts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["youtube.com"] = "youtube", ["youtu.be"] = "youtube", ["youtube-nocookie.com"] = "youtube",
        ["vimeo.com"] = "vimeo",
        ["twitter.com"] = "x", ["x.com"] = "x",
        ["facebook.com"] = "facebook", ["fb.watch"] = "facebook",
        ["instagram.com"] = "instagram",
        ["tiktok.com"] = "tiktok",
        ["soundcloud.com"] = "soundcloud",
        ["spotify.com"] = "spotify",
        ["dailymotion.com"] = "dailymotion", ["dai.ly"] = "dailymotion",
        ["flickr.com"] = "flickr", ["flic.kr"] = "flickr",
        ["reddit.com"] = "reddit",
        ["tumblr.com"] = "tumblr",
        ["ted.com"] = "ted",
        ["imgur.com"] = "imgur",
        ["mixcloud.com"] = "mixcloud",
        ["threads.net"] = "threads",
        ["bsky.app"] = "bluesky",
        ["scribd.com"] = "scribd",
        ["slideshare.net"] = "slideshare",
        ["wordpress.tv"] = "wordpress-tv",
        ["anghami.com"] = "anghami",
    };

    /// <summary>The provider of <paramref name="url"/>, or null when it is not a known media service.</summary>
    public static string? ProviderOf(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        // A site's home page is a link, not media: every provider's media has a path.
        if (uri.AbsolutePath.Length <= 1)
        {
            return null;
        }

        for (var host = uri.Host; host.Length > 0;)
        {
            if (Hosts.TryGetValue(host, out var provider))
            {
                return provider;
            }

            var dot = host.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                break;
            }

            host = host[(dot + 1)..];
        }

        return null;
    }
}
