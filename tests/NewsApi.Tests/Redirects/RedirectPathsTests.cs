using NewsApi.Import;
using NewsApi.Redirects;

namespace NewsApi.Tests.Redirects;

/// <summary>The key old addresses are recorded and looked up by, and the addresses an export gives a post: no host needed.</summary>
public sealed class RedirectPathsTests
{
    private const string Slug = "رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى";

    public static TheoryData<string> SpellingsOfOnePermalink => new()
    {
        $"/2024/11/29/{Slug}/",
        $"/2024/11/29/{Slug}",
        $"/2024/11/29/{Uri.EscapeDataString(Slug)}/",
        $"/2024/11/29/{Uri.EscapeDataString(Slug).ToLowerInvariant()}",
        $"2024/11/29/{Slug}/",
        $"https://news.example/2024/11/29/{Uri.EscapeDataString(Slug)}/",
        $"HTTP://News.Example:8080/2024/11/29/{Slug}//#respond",
        $"//news.example/2024/11/29/{Slug}/?utm_source=twitter&fbclid=abc&gclid=def",
        $"  /2024/11/29/{Slug.Normalize(System.Text.NormalizationForm.FormD)}/  ",
    };

    [Theory]
    [MemberData(nameof(SpellingsOfOnePermalink))]
    public void Every_spelling_of_a_permalink_has_the_same_key(string spelling) =>
        Assert.Equal($"/2024/11/29/{Slug}", RedirectPaths.Key(spelling));

    [Fact]
    public void A_query_is_part_of_the_key_in_any_parameter_order_and_index_php_is_the_site_root()
    {
        Assert.Equal("/?p=35", RedirectPaths.Key("/?p=35"));
        Assert.Equal("/?p=35", RedirectPaths.Key("https://news.example/index.php?p=35"));
        Assert.Equal(RedirectPaths.Key("/?cat=3&paged=2"), RedirectPaths.Key("/?paged=2&cat=3"));
        Assert.NotEqual(RedirectPaths.Key("/?p=35"), RedirectPaths.Key("/?p=36"));
        Assert.NotEqual(RedirectPaths.Key("/?p=35"), RedirectPaths.Key("/"));
        Assert.Equal("/", RedirectPaths.Key("https://news.example"));
        Assert.Equal("/", RedirectPaths.Key("/?utm_source=x"));
    }

    [Fact]
    public void A_broken_percent_sequence_matches_itself_in_either_case_and_a_nul_or_nothing_names_nothing()
    {
        // WordPress cuts long slugs at 200 bytes, sometimes inside a letter.
        Assert.Equal(RedirectPaths.Key("/2024/11/29/خبر-%D8/"), RedirectPaths.Key("/2024/11/29/%d8%ae%d8%a8%d8%b1-%d8"));
        Assert.Null(RedirectPaths.Key("/a%00b"));
        Assert.Null(RedirectPaths.Key(" "));
        Assert.Null(RedirectPaths.Key(null));
    }

    [Fact]
    public void A_post_of_a_site_in_a_sub_folder_has_its_permalink_short_link_and_a_guid_on_the_site_as_addresses()
    {
        var post = Post(7, link: "https://www.example.com/news/2024/01/02/hello/", guid: "https://example.com/news/?p=7", site: "https://www.example.com/news/");

        Assert.Equal(
            ["https://www.example.com/news/2024/01/02/hello/", "/news/?p=7", "https://example.com/news/?p=7"],
            WordPressLinks.OfPost(post).ToArray());
        Assert.Equal(["https://www.example.com/news/2024/01/02/hello/", "/news/?p=7"],
            WordPressLinks.OfPost(post with { GuidText = "https://old-site.example/?p=7" }).ToArray());
        Assert.Equal(["/?p=7"], WordPressLinks.OfPost(post with { Link = "", GuidText = "tag:example.com,2024:7", SiteUrl = "" }).ToArray());
        Assert.Equal(["/news/category/world/africa/", "/news/category/africa/"], WordPressLinks.OfCategory("https://www.example.com/news", ["world", "africa"]).ToArray());
        Assert.Equal(["/category/world/"], WordPressLinks.OfCategory("", ["world"]).ToArray());
        Assert.Equal("/news/tag/markets/", WordPressLinks.OfTag("https://www.example.com/news/", "markets"));
    }

    // Read from a small export, as the importer reads one: the blog's address (where posts live) wins over the site's
    // (where WordPress is installed).
    private static WxrPost Post(long id, string link, string guid, string site)
    {
        var wxr = $"""
            <?xml version="1.0" encoding="UTF-8" ?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:wp="http://wordpress.org/export/1.2/">
            <channel>
              <title>News</title>
              <wp:wxr_version>1.2</wp:wxr_version>
              <wp:base_site_url>{site}wp</wp:base_site_url>
              <wp:base_blog_url>{site}</wp:base_blog_url>
              <item>
                <title>Hello</title>
                <link>{link}</link>
                <guid isPermaLink="false">{guid}</guid>
                <content:encoded><![CDATA[<p>Hello.</p>]]></content:encoded>
                <wp:post_id>{id}</wp:post_id>
                <wp:post_name>hello</wp:post_name>
                <wp:status>publish</wp:status>
                <wp:post_type>post</wp:post_type>
              </item>
            </channel>
            </rss>
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(wxr));
        var entries = WxrReader.Read(stream).ToList();
        var channel = entries.OfType<WxrChannelField>().ToDictionary(field => field.Name, field => field.Value);
        return entries.OfType<WxrPost>().Single() with { SiteUrl = WordPressImporter.BaseUrlOf(channel) };
    }
}
