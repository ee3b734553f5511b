using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Import;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Import;

public sealed class WordPressImportTests : IDisposable
{
    public static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "wordpress-export.xml");

    private readonly NewsApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private ImportSummary Import()
    {
        using var stream = File.OpenRead(FixturePath);
        return _factory.Services.GetRequiredService<WordPressImporter>().Import(stream);
    }

    private int Count(string sql)
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<int>(sql);
    }

    [Fact]
    public void The_fixture_imports_posts_and_reports_what_it_skipped_and_why()
    {
        var summary = Import();

        // Issue #17: a published post without content imports (WordPress publishes it), where it used to fail.
        Assert.Equal(6, summary.Imported);
        Assert.Equal(3, summary.Skipped);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(2, summary.Comments);
        Assert.Contains(summary.Outcomes, o => o.Post == "من نحن" && o.Result == "skipped" && o.Reason!.Contains("page", StringComparison.Ordinal));
        Assert.Contains(summary.Outcomes, o => o.Post == "خبر محذوف" && o.Result == "skipped" && o.Reason!.Contains("trash", StringComparison.Ordinal));
        Assert.Contains(summary.Outcomes, o => o.Post == "خبر بلا محتوى" && o.Result == "imported");
    }

    [Fact]
    public async Task An_imported_post_keeps_its_Arabic_slug_date_category_tree_tags_author_and_threaded_comments()
    {
        Import();

        var article = await (await _factory.CreateClient().GetAsync($"/api/v1/articles/{Uri.EscapeDataString("البرلمان-يناقش-قانون-الانتخابات-الجديد")}")).JsonAsync();

        Assert.Equal("البرلمان يناقش قانون الانتخابات الجديد", article.GetProperty("title").GetString());
        Assert.Equal("2024-11-20T10:00:00Z", article.GetProperty("publishedAt").GetString());
        Assert.Equal("سياسة", article.GetProperty("category").GetProperty("name").GetString());
        Assert.Equal(["انتخابات", "برلمان"], article.GetProperty("tags").Strings("name"));
        Assert.Equal("منى الشريف", article.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal(2, article.GetProperty("commentCount").GetInt32());
        var blocks = article.GetProperty("content").GetProperty("blocks");
        Assert.Equal("heading", blocks[2].GetProperty("type").GetString());
        using var db = _factory.OpenDatabase();
        var parentOfPolitics = db.ExecuteScalar<string>("SELECT p.name FROM categories c JOIN categories p ON p.id = c.parent_id WHERE c.slug = 'سياسة'");
        Assert.Equal("أخبار", parentOfPolitics);
        var reply = db.QuerySingle<(string Body, long? ParentId, string? Address)>("SELECT body, parent_id, client_address FROM comments WHERE author_email = 'salma@example.com'");
        Assert.Equal("أتفق معك تماما.", reply.Body);
        Assert.NotNull(reply.ParentId);
        Assert.Equal("203.0.113.7", reply.Address);
        Assert.Equal(0, db.ExecuteScalar<int>("SELECT count(*) FROM comments WHERE author_email IN ('visitor@example.com', 'spam@example.com')"));
    }

    [Fact]
    public async Task A_slug_cut_inside_a_letter_is_made_again_from_the_title()
    {
        Import();

        var response = await _factory.CreateClient().GetAsync($"/api/v1/articles/{Uri.EscapeDataString("المنتخب-يفوز-بالمباراة-الودية")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Drafts_and_future_posts_are_imported_but_not_public_and_scripts_are_stripped()
    {
        Import();
        var client = _factory.CreateClient();

        var list = await (await client.GetAsync("/api/v1/articles?pageSize=100")).Content.ReadAsStringAsync();
        var warning = await (await client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString("تحذير-من-رسائل-احتيال")}")).JsonAsync();

        Assert.DoesNotContain("مسودة عن الميزانية العامة", list, StringComparison.Ordinal);
        Assert.DoesNotContain("مؤتمر الطاقة المقبل", list, StringComparison.Ordinal);
        Assert.Equal(1, Count("SELECT count(*) FROM articles WHERE title = 'مسودة عن الميزانية العامة' AND status = 'draft'"));
        Assert.Equal(1, Count("SELECT count(*) FROM articles WHERE slug = 'مؤتمر-الطاقة-المقبل' AND status = 'scheduled'"));
        Assert.Equal("<p>حذرت الشرطة من رسائل احتيال.</p>", warning.GetProperty("content").GetProperty("html").GetString());
    }

    [Fact]
    public void Importing_the_same_file_twice_changes_nothing()
    {
        Import();
        string[] tables = ["articles", "categories", "tags", "authors", "comments", "article_tags"];
        var before = tables.Select(t => Count($"SELECT count(*) FROM {t}")).ToList();

        var again = Import();

        Assert.Equal(0, again.Imported);
        Assert.Equal(0, again.Comments);
        Assert.Equal(before, tables.Select(t => Count($"SELECT count(*) FROM {t}")).ToList());
    }

    [Fact]
    public void Imported_commenter_urls_are_kept_only_as_percent_encoded_http_urls()
    {
        Import();

        using var db = _factory.OpenDatabase();
        var urls = db.Query<(string Email, string? Url)>("SELECT author_email, author_url FROM comments WHERE author_email IN ('ahmed@example.com', 'salma@example.com')")
            .ToDictionary(r => r.Email, r => r.Url);
        Assert.Null(urls["ahmed@example.com"]);
        Assert.Equal("https://reader.example/%22%3E%3Csvg%20onload=alert(1)%3E", urls["salma@example.com"]);
    }
}
