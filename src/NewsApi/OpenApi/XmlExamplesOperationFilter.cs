using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>Arabic examples of the XML documents feeds and sitemaps answer (schemas cannot describe XML bodies).</summary>
public sealed class XmlExamplesOperationFilter : IOperationFilter
{
    private const string ArticleUrl = "https://news.example.com/api/v1/articles/%D8%B1%D8%A6%D9%8A%D8%B3-%D9%83%D9%88%D8%B1%D9%8A%D8%A7";

    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["getRssFeed"] = $"""
            <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><title>NewsApi</title><link>https://news.example.com/</link><description>آخر الأخبار</description><language>ar</language><atom:link href="https://news.example.com/feeds/rss.xml" rel="self" type="application/rss+xml" /><lastBuildDate>Fri, 29 Nov 2024 10:00:00 GMT</lastBuildDate><item><guid isPermaLink="true">{ArticleUrl}</guid><link>{ArticleUrl}</link><category>اخبار عالمية وسفارات</category><category>روسيا</category><title>رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى</title><description>استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف.</description><pubDate>Fri, 29 Nov 2024 10:00:00 GMT</pubDate><content:encoded>&lt;p&gt;استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف.&lt;/p&gt;</content:encoded><dc:creator>سارة عبد الرحمن</dc:creator></item></channel></rss>
            """,
        ["getSitemap"] = $"""
            <?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{ArticleUrl}</loc><lastmod>2024-11-29T10:00:00Z</lastmod></url></urlset>
            """,
        ["getNewsSitemap"] = $"""
            <?xml version="1.0" encoding="utf-8"?><urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{ArticleUrl}</loc><news:news><news:publication><news:name>NewsApi</news:name><news:language>ar</news:language></news:publication><news:publication_date>2024-11-29T10:00:00Z</news:publication_date><news:title>رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى</news:title></news:news></url></urlset>
            """,
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var id = operation.OperationId switch
        {
            "getCategoryRssFeed" => "getRssFeed",
            "getSitemapPage" => "getSitemap",
            var other => other,
        };
        if (id is null || !Examples.TryGetValue(id, out var example) || operation.Responses?.TryGetValue("200", out var ok) != true
            || ok is not OpenApiResponse { Content: { } content })
        {
            return;
        }

        foreach (var media in content.Values.OfType<OpenApiMediaType>())
        {
            media.Example = JsonValue.Create(example);
        }
    }
}
