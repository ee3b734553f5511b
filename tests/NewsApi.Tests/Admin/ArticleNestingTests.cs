using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Import;
using NewsApi.Tests.Infrastructure;
using NewsApi.Text;

namespace NewsApi.Tests.Admin;

/// <summary>
/// Article HTML nested deeper than <see cref="HtmlMarkup.MaxDepth"/> is refused before the sanitiser parses it
/// (parsing costs time growing with the square of the depth): a 400 naming <c>bodyHtml</c> on the admin API, a
/// failed post with its reason on import.
/// </summary>
public sealed class ArticleNestingTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Nested(int depth) =>
        string.Concat(Enumerable.Repeat("<b>", depth)) + "نص" + string.Concat(Enumerable.Repeat("</b>", depth));

    private int CategoryId()
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT id FROM categories ORDER BY id LIMIT 1");
    }

    [Fact]
    public async Task A_body_nested_deeper_than_the_bound_is_a_400_naming_bodyHtml_in_the_clients_language()
    {
        using var editor = _factory.CreateEditorClient();
        editor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");

        var response = await editor.PostAsJsonAsync("/api/v1/admin/articles", new { title = "مقالة متداخلة", bodyHtml = Nested(HtmlMarkup.MaxDepth + 1), categoryId = CategoryId() });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("bodyHtml").EnumerateArray()).GetString();
        Assert.Contains(HtmlMarkup.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Contains("HTML", message, StringComparison.Ordinal);
        Assert.Contains("تتداخل", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_nested_exactly_to_the_bound_is_accepted()
    {
        using var editor = _factory.CreateEditorClient();

        var response = await editor.PostAsJsonAsync("/api/v1/admin/articles", new { title = "مقالة على الحد", bodyHtml = Nested(HtmlMarkup.MaxDepth), categoryId = CategoryId() });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public void An_imported_post_nested_too_deep_fails_with_the_reason_and_stores_nothing()
    {
        var export = $$"""
            <?xml version="1.0" encoding="UTF-8" ?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
            <channel>
              <item>
                <title><![CDATA[منشور متداخل]]></title>
                <dc:creator><![CDATA[mona]]></dc:creator>
                <content:encoded><![CDATA[{{Nested(HtmlMarkup.MaxDepth + 1)}}]]></content:encoded>
                <wp:post_id>900</wp:post_id>
                <wp:post_date_gmt><![CDATA[2024-11-20 10:00:00]]></wp:post_date_gmt>
                <wp:post_name><![CDATA[nested-post]]></wp:post_name>
                <wp:status><![CDATA[publish]]></wp:status>
                <wp:post_type><![CDATA[post]]></wp:post_type>
              </item>
            </channel>
            </rss>
            """;

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(export));
        var summary = _factory.Services.GetRequiredService<WordPressImporter>().Import(stream);

        Assert.Equal(1, summary.Failed);
        var outcome = Assert.Single(summary.Outcomes);
        Assert.Equal("failed", outcome.Result);
        Assert.Contains("nest", outcome.Reason, StringComparison.Ordinal);
        using var db = _factory.OpenDatabase();
        Assert.Equal(0, db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE title = 'منشور متداخل'"));
    }
}
