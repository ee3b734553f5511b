using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using NewsApi.Text;

namespace NewsApi.Feeds;

/// <summary>
/// The XML documents of feeds and sitemaps, written with XmlWriter (and System.ServiceModel.Syndication for RSS),
/// so Arabic stays as UTF-8 text and <c>&amp;</c>, <c>&lt;</c> are always escaped, and through
/// <see cref="XmlSafeTextWriter"/>, so no stored character XML forbids can make a document unreadable.
/// </summary>
public static class FeedDocuments
{
    public const string RssContentType = "application/rss+xml; charset=utf-8";
    public const string XmlContentType = "application/xml; charset=utf-8";
    public const string JsonFeedContentType = "application/feed+json; charset=utf-8";

    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string NewsNamespace = "http://www.google.com/schemas/sitemap-news/0.9";
    private static readonly XNamespace ContentModule = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
    };

    /// <summary>An RSS 2.0 channel (with its atom:link rel="self"): each item with title, link, guid (the link), pubDate (RFC 822), categories,
    /// description (the excerpt), <c>content:encoded</c> (the sanitised HTML) and <c>dc:creator</c>.</summary>
    /// <remarks>
    /// Readers render an item's title, description and categories (and the channel's) as HTML, whatever RSS 2.0 leaves
    /// unsaid, so the plain text of those elements is HTML-escaped before the XML writer escapes it again: a title typed
    /// as <c>&lt;img onerror=…&gt;</c> then shows as typed instead of becoming an element in the reader's page.
    /// </remarks>
    public static byte[] Rss(string title, string description, string language, FeedLinks links, string selfUrl, IReadOnlyList<FeedEntry> entries, DateTime lastModified)
    {
        var feed = new SyndicationFeed(HtmlText.Escape(title), HtmlText.Escape(description), new Uri(links.Home))
        {
            Language = language,
            Generator = "NewsApi",
        };
        feed.AttributeExtensions.Add(new XmlQualifiedName("content", XNamespace.Xmlns.NamespaceName), ContentModule.NamespaceName);
        feed.AttributeExtensions.Add(new XmlQualifiedName("dc", XNamespace.Xmlns.NamespaceName), DublinCore.NamespaceName);
        feed.AttributeExtensions.Add(new XmlQualifiedName("atom", XNamespace.Xmlns.NamespaceName), Atom.NamespaceName);
        feed.ElementExtensions.Add(new XElement(Atom + "link", new XAttribute("href", selfUrl), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")));
        feed.ElementExtensions.Add(new XElement("lastBuildDate", Rfc822(lastModified)));

        feed.Items = entries.Select(entry =>
        {
            var article = entry.Article;
            var url = links.Article(article.Id, article.Slug);
            var item = new SyndicationItem(HtmlText.Escape(article.Title), (SyndicationContent?)null, new Uri(url), url, new DateTimeOffset(article.UpdatedAt, TimeSpan.Zero))
            {
                Summary = new TextSyndicationContent(HtmlText.Escape(article.Excerpt)),
            };
            item.ElementExtensions.Add(new XElement("pubDate", Rfc822(article.PublishedAt)));
            item.Categories.Add(new SyndicationCategory(HtmlText.Escape(article.Category.Name)));
            foreach (var tag in article.Tags)
            {
                item.Categories.Add(new SyndicationCategory(HtmlText.Escape(tag.Name)));
            }

            item.ElementExtensions.Add(new XElement(ContentModule + "encoded", entry.Html));
            if (article.Author is { } author)
            {
                item.ElementExtensions.Add(new XElement(DublinCore + "creator", HtmlText.Escape(author.Name)));
            }

            return item;
        }).ToList();

        return Write(writer => new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer));
    }

    /// <summary>A sitemaps.org urlset: loc and lastmod per article (the home page alone when there is none).</summary>
    public static byte[] UrlSet(FeedLinks links, IReadOnlyList<SitemapEntry> entries) => Write(writer =>
    {
        writer.WriteStartElement("urlset", SitemapNamespace);
        WriteHomeWhenEmpty(writer, links, entries.Count);
        foreach (var entry in entries)
        {
            writer.WriteStartElement("url", SitemapNamespace);
            writer.WriteElementString("loc", SitemapNamespace, links.Article(entry.Id, entry.Slug));
            writer.WriteElementString("lastmod", SitemapNamespace, W3CDate(entry.LastModified));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    });

    /// <summary>A sitemaps.org sitemap index naming each file and its newest change.</summary>
    public static byte[] SitemapIndex(IReadOnlyList<(string Url, DateTime LastModified)> files) => Write(writer =>
    {
        writer.WriteStartElement("sitemapindex", SitemapNamespace);
        foreach (var (url, lastModified) in files)
        {
            writer.WriteStartElement("sitemap", SitemapNamespace);
            writer.WriteElementString("loc", SitemapNamespace, url);
            writer.WriteElementString("lastmod", SitemapNamespace, W3CDate(lastModified));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    });

    /// <summary>A Google News sitemap: each url with news:publication (name, language), news:publication_date and news:title
    /// (the home page alone, with no news tags, when nothing was published in the window).</summary>
    public static byte[] NewsSitemap(FeedLinks links, string publicationName, IReadOnlyList<NewsEntry> entries) => Write(writer =>
    {
        writer.WriteStartElement("urlset", SitemapNamespace);
        writer.WriteAttributeString("xmlns", "news", null, NewsNamespace);
        WriteHomeWhenEmpty(writer, links, entries.Count);
        foreach (var entry in entries)
        {
            writer.WriteStartElement("url", SitemapNamespace);
            writer.WriteElementString("loc", SitemapNamespace, links.Article(entry.Id, entry.Slug));
            writer.WriteStartElement("news", "news", NewsNamespace);
            writer.WriteStartElement("news", "publication", NewsNamespace);
            writer.WriteElementString("news", "name", NewsNamespace, publicationName);
            writer.WriteElementString("news", "language", NewsNamespace, entry.Language);
            writer.WriteEndElement();
            writer.WriteElementString("news", "publication_date", NewsNamespace, W3CDate(entry.PublishedAt));
            writer.WriteElementString("news", "title", NewsNamespace, entry.Title);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    });

    // The sitemaps.org schema requires at least one url in a urlset, so an empty one fails every validator. With no
    // article to list, the site's home page stands in: a page of the site that exists, with no date or news tags that
    // would claim something about it (an old article dressed as news would; a 404 would read as a missing sitemap).
    private static void WriteHomeWhenEmpty(XmlWriter writer, FeedLinks links, int count)
    {
        if (count == 0)
        {
            writer.WriteStartElement("url", SitemapNamespace);
            writer.WriteElementString("loc", SitemapNamespace, links.Home);
            writer.WriteEndElement();
        }
    }

    // The formatter would write "+0000"-less "Z" dates; "GMT" is the RFC 822 zone every reader knows.
    private static string Rfc822(DateTime utc) => utc.ToString("r", CultureInfo.InvariantCulture);

    private static string W3CDate(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new XmlSafeTextWriter(XmlWriter.Create(stream, Settings)))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }
}
