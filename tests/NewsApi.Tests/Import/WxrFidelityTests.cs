using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Import;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Import;

/// <summary>
/// Issue #17: a real WordPress export arrives faithfully. Each fixture under Fixtures/wxr is a small WXR written the way
/// WordPress writes it; every test imports one through the importer the CLI runs and reads the result back through the
/// public API (the admin API for drafts).
/// </summary>
public sealed class WxrFidelityTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _public;

    public WxrFidelityTests() => _public = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "wxr", name);

    private ImportSummary Import(string fixture)
    {
        using var stream = File.OpenRead(Fixture(fixture));
        return _factory.Services.GetRequiredService<WordPressImporter>().Import(stream);
    }

    private Task<JsonElement> ArticleAsync(string slug, HttpStatusCode expected = HttpStatusCode.OK) =>
        GetJsonAsync($"/api/v1/articles/{Uri.EscapeDataString(slug)}", expected);

    private async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await _public.GetAsync(path)).JsonAsync(expected);

    private async Task<string> TextAsync(string path)
    {
        var response = await _public.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_WordPress_com_export_with_the_https_namespace_imports_its_posts()
    {
        var summary = Import("wordpress-com-1.2.xml");

        Assert.Equal(2, summary.Imported);
        Assert.Equal(1, summary.Skipped); // the attachment
        Assert.Equal(0, summary.Failed);
        Assert.True(summary.FoundPosts);
        var arabic = await ArticleAsync("بيلوسوف-فى-بيونج-يانج");
        Assert.Equal("بيلوسوف فى بيونج يانج", arabic.GetProperty("title").GetString());
        Assert.Equal("2024-11-29T10:00:00Z", arabic.GetProperty("publishedAt").GetString());
        Assert.Equal("سلمى عبد الله", arabic.GetProperty("author").GetProperty("name").GetString());
        Assert.Contains("عرض فنى ترحيبا بالوفد العسكرى الروسى", arabic.GetProperty("content").GetProperty("html").GetString(), StringComparison.Ordinal);
        // Searchable as any article: الروسي finds الروسى.
        var hits = await GetJsonAsync($"/api/v1/search?q={Uri.EscapeDataString("بيلوسوف بيونج")}");
        Assert.Contains("بيلوسوف-فى-بيونج-يانج", hits.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("article").GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task Self_hosted_WXR_1_1_and_1_0_exports_import_with_their_categories_and_tags()
    {
        var v11 = Import("self-hosted-1.1.xml");
        var v10 = Import("wxr-1.0.xml");

        Assert.Equal((3, 0), (v11.Imported, v11.Failed));
        Assert.Equal((1, 0), (v10.Imported, v10.Failed));
        var old = await ArticleAsync("خبر-من-تصدير-قديم");
        Assert.Equal("2010-01-05T10:00:00Z", old.GetProperty("publishedAt").GetString());
        Assert.Equal("خبر من الأرشيف", old.GetProperty("excerpt").GetString());
        Assert.Equal("غير مصنف", old.GetProperty("category").GetProperty("name").GetString());
        // WXR 1.0 tags are domain="tag", listed twice (with and without nicename): one tag.
        Assert.Equal(["أرشيف"], old.GetProperty("tags").Strings("name"));
        var stock = await ArticleAsync("البورصة");
        Assert.Equal("البورصة تربح 12 مليار جنيه فى ختام التعاملات", stock.GetProperty("title").GetString());
    }

    [Fact]
    public void Namespaces_are_matched_by_rule_for_every_version_and_scheme()
    {
        string[] accepted =
        [
            "http://wordpress.org/export/1.0/", "http://wordpress.org/export/1.1/", "http://wordpress.org/export/1.2/",
            "https://wordpress.org/export/1.2/", "https://wordpress.org/export/1.3/",
        ];
        string[] refused = ["http://wordpress.org/export/", "http://wordpress.org/export/x/", "http://example.org/export/1.2/", "wordpress.org/export/1.2/"];

        Assert.All(accepted, ns => Assert.True(WxrReader.IsWp(ns), ns));
        Assert.All(accepted, ns => Assert.True(WxrReader.IsExcerpt(ns + "excerpt/"), ns));
        Assert.All(refused, ns => Assert.False(WxrReader.IsWp(ns), ns));
        Assert.False(WxrReader.IsExcerpt("http://wordpress.org/export/1.2/"));
    }

    [Fact]
    public async Task A_password_protected_post_is_a_draft_whose_text_and_comments_reach_no_public_route()
    {
        var summary = Import("edge-posts-1.2.xml");
        var editor = _factory.CreateEditorClient();

        Assert.Equal(1, summary.Protected);
        Assert.Contains(summary.Outcomes, o => o.Kind == ImportOutcomeKinds.Protected && o.Result == "imported");
        await ArticleAsync("protected", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync("/api/v1/articles/protected/comments")).StatusCode);
        var siblings = await GetJsonAsync("/api/v1/articles?category=uncategorized&pageSize=100");
        var publicTexts = new List<string>
        {
            await TextAsync("/api/v1/articles?pageSize=100"),
            await TextAsync("/api/v1/articles?featured=true&pageSize=100"),
            await TextAsync("/api/v1/search?q=zanzibarprotected"),
            await TextAsync($"/api/v1/search?q={Uri.EscapeDataString("خبر محمى بكلمة سر")}"),
            await TextAsync("/api/v1/tags?pageSize=100"),
            await TextAsync("/feeds/rss.xml"),
            await TextAsync("/feeds/feed.json"),
            await TextAsync("/sitemap.xml"),
            await TextAsync("/sitemaps/news.xml"),
        };
        foreach (var sibling in siblings.GetProperty("items").EnumerateArray())
        {
            publicTexts.Add(await TextAsync($"/api/v1/articles/{Uri.EscapeDataString(sibling.GetProperty("slug").GetString()!)}/related?limit=20"));
        }

        Assert.True(siblings.GetProperty("items").GetArrayLength() >= 4);
        Assert.All(publicTexts, text =>
        {
            Assert.DoesNotContain("zanzibar", text, StringComparison.Ordinal);
            Assert.DoesNotContain("خبر محمى بكلمة سر", text, StringComparison.Ordinal);
        });
        // Kept for the editor, as a draft with its comment, not lost.
        var drafts = await (await editor.GetAsync("/api/v1/admin/articles?status=draft&pageSize=100")).JsonAsync();
        Assert.Contains("خبر محمى بكلمة سر عن بيلوسوف", drafts.GetProperty("items").Strings("title"));
        using var db = _factory.OpenDatabase();
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT count(*) FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.slug = 'protected' AND a.status = 'draft'"));
    }

    [Fact]
    public async Task Drafts_with_one_title_and_no_post_name_both_arrive_and_posts_are_matched_by_origin_on_reimport()
    {
        Import("self-hosted-1.1.xml");
        var editor = _factory.CreateEditorClient();
        string[] tables = ["articles", "categories", "tags", "authors", "comments", "article_tags", "imported_posts"];
        int Count(string table)
        {
            using var db = _factory.OpenDatabase();
            return db.ExecuteScalar<int>($"SELECT count(*) FROM {table}");
        }

        var drafts = (await (await editor.GetAsync("/api/v1/admin/articles?status=draft&pageSize=100")).JsonAsync())
            .GetProperty("items").EnumerateArray().Where(a => a.GetProperty("title").GetString() == "مسودة: تقرير الاقتصاد").ToList();
        // An editor renames the published post: a re-import still knows it by its origin, not its slug.
        _factory.WriteRaw("UPDATE articles SET slug = 'renamed-stock-story' WHERE slug = 'البورصة'");
        var before = tables.Select(Count).ToList();
        var again = Import("self-hosted-1.1.xml");

        Assert.Equal(2, drafts.Count);
        Assert.Equal(["مسودة-تقرير-الاقتصاد", "مسودة-تقرير-الاقتصاد-2"], drafts.Select(d => d.GetProperty("slug").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal((0, 3, 0, 3), (again.Imported, again.Skipped, again.Failed, again.AlreadyImported));
        Assert.True(again.FoundPosts);
        Assert.Equal(before, tables.Select(Count).ToList());
        await ArticleAsync("renamed-stock-story");
    }

    [Fact]
    public async Task A_deleted_imported_article_stays_deleted_when_the_file_is_imported_again()
    {
        Import("wxr-1.0.xml");
        var editor = _factory.CreateEditorClient();
        var id = (await ArticleAsync("خبر-من-تصدير-قديم")).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/v1/admin/articles/{id}")).StatusCode);

        var again = Import("wxr-1.0.xml");

        Assert.Equal((0, 1), (again.Imported, again.AlreadyImported));
        Assert.Contains(again.Outcomes, o => o.Reason == "already imported, and deleted since");
        await ArticleAsync("خبر-من-تصدير-قديم", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Posts_published_without_title_content_or_dates_import_as_WordPress_publishes_them()
    {
        var summary = Import("edge-posts-1.2.xml");

        Assert.Equal(0, summary.Failed);
        Assert.Equal(6, summary.Imported);
        var untitled = await ArticleAsync("خبر-بلا-عنوان-فى-الصفحة-الأولى");
        Assert.Equal("خبر بلا عنوان فى الصفحة الأولى", untitled.GetProperty("title").GetString());
        Assert.Equal("2024-12-01T08:00:00Z", untitled.GetProperty("publishedAt").GetString());
        var empty = await ArticleAsync("empty");
        Assert.Equal("خبر منشور بلا محتوى", empty.GetProperty("title").GetString());
        Assert.Equal("", empty.GetProperty("content").GetProperty("html").GetString());
        Assert.Equal(0, empty.GetProperty("content").GetProperty("blocks").GetArrayLength());
        Assert.Equal("2024-12-03T08:15:00Z", (await ArticleAsync("pubdate-only")).GetProperty("publishedAt").GetString());
        // post_date is the site's local time; the export does not carry its zone, so it is read as UTC.
        Assert.Equal("2024-12-02T14:30:00Z", (await ArticleAsync("local-date-only")).GetProperty("publishedAt").GetString());
        var nothing = await ArticleAsync("بلا-عنوان");
        Assert.Equal(WordPressImporter.PlaceholderTitle, nothing.GetProperty("title").GetString());
        Assert.Equal("2024-12-03T09:00:00Z", nothing.GetProperty("publishedAt").GetString());
    }

    [Fact]
    public async Task Entities_are_decoded_in_every_plain_text_field_and_pingbacks_are_not_comments()
    {
        var com = Import("wordpress-com-1.2.xml");
        Import("self-hosted-1.1.xml");

        var english = await ArticleAsync("north-korea-welcomes-russias-defence-minister");
        Assert.Equal("North Korea welcomes Russia\u2019s defence minister", english.GetProperty("title").GetString());
        Assert.Equal("A second visit \u2013 five months on.", english.GetProperty("excerpt").GetString());
        Assert.Equal(["Russia & Korea"], english.GetProperty("tags").Strings("name"));
        Assert.Equal("زيارة ثانية \u2013 بعد خمسة أشهر", (await ArticleAsync("بيلوسوف-فى-بيونج-يانج")).GetProperty("excerpt").GetString());
        Assert.Equal(2, com.PingbacksSkipped);
        Assert.Equal(1, com.Comments);
        Assert.Equal(1, english.GetProperty("commentCount").GetInt32());
        var comments = await GetJsonAsync("/api/v1/articles/north-korea-welcomes-russias-defence-minister/comments");
        Assert.Equal(["Seán O\u2019Brien & friends"], comments.GetProperty("items").Strings("authorName"));
        var stock = await ArticleAsync("البورصة");
        Assert.Equal("اقتصاد & أعمال", stock.GetProperty("category").GetProperty("name").GetString());
        Assert.Equal("هيئة التحرير & المراسلون", stock.GetProperty("author").GetProperty("name").GetString());
        var category = await GetJsonAsync($"/api/v1/categories/{Uri.EscapeDataString(stock.GetProperty("category").GetProperty("slug").GetString()!)}");
        Assert.Equal("أخبار «السوق» والشركات", category.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Each_article_gets_the_language_and_direction_of_its_own_text()
    {
        Import("wordpress-com-1.2.xml");

        var arabic = await ArticleAsync("بيلوسوف-فى-بيونج-يانج");
        var english = await ArticleAsync("north-korea-welcomes-russias-defence-minister");
        var list = await GetJsonAsync("/api/v1/articles?category=" + Uri.EscapeDataString("اخبار-عالمية-وسفارات") + "&pageSize=100");

        Assert.Equal(("ar", "rtl"), (arabic.GetProperty("language").GetString(), arabic.GetProperty("direction").GetString()));
        Assert.Equal(("en", "ltr"), (english.GetProperty("language").GetString(), english.GetProperty("direction").GetString()));
        var summary = list.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("slug").GetString() == "north-korea-welcomes-russias-defence-minister");
        Assert.Equal("ltr", summary.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task A_featured_image_listed_after_its_post_becomes_the_image_and_a_sticky_post_is_featured()
    {
        Import("wordpress-com-1.2.xml");

        var arabic = await ArticleAsync("بيلوسوف-فى-بيونج-يانج");
        var english = await ArticleAsync("north-korea-welcomes-russias-defence-minister");
        var featured = await GetJsonAsync("/api/v1/articles?featured=true&pageSize=100");
        var others = await GetJsonAsync("/api/v1/articles?featured=false&pageSize=100");

        var image = arabic.GetProperty("image");
        Assert.Equal("https://akhbar.files.wordpress.com/2024/11/belousov-pyongyang.jpg", image.GetProperty("url").GetString());
        Assert.Equal("وزير الدفاع الروسى فى بيونج يانج", image.GetProperty("alt").GetString());
        Assert.Equal("بيلوسوف \u2013 بيونج يانج", image.GetProperty("caption").GetString());
        Assert.True(arabic.GetProperty("featured").GetBoolean());
        Assert.False(english.GetProperty("featured").GetBoolean());
        Assert.Equal(JsonValueKind.Null, english.GetProperty("image").ValueKind);
        Assert.Equal(["بيلوسوف-فى-بيونج-يانج"], featured.GetProperty("items").Strings("slug"));
        Assert.True(featured.GetProperty("items")[0].GetProperty("featured").GetBoolean());
        Assert.DoesNotContain("بيلوسوف-فى-بيونج-يانج", others.GetProperty("items").Strings("slug"));
        Assert.Contains("north-korea-welcomes-russias-defence-minister", others.GetProperty("items").Strings("slug"));
    }

    [Fact]
    public async Task Without_a_seekable_stream_an_image_listed_after_its_post_is_not_found_but_the_post_imports()
    {
        using var file = File.OpenRead(Fixture("wordpress-com-1.2.xml"));
        using var once = new ForwardOnlyStream(file);

        var summary = _factory.Services.GetRequiredService<WordPressImporter>().Import(once);

        Assert.Equal(2, summary.Imported);
        Assert.Equal(JsonValueKind.Null, (await ArticleAsync("بيلوسوف-فى-بيونج-يانج")).GetProperty("image").ValueKind);
    }

    [Fact]
    public async Task Editors_set_language_direction_and_featured_and_updates_that_omit_them_keep_them()
    {
        var editor = _factory.CreateEditorClient();
        int categoryId;
        using (var db = _factory.OpenDatabase())
        {
            categoryId = db.ExecuteScalar<int>("SELECT id FROM categories ORDER BY id LIMIT 1");
        }

        var created = await (await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { title = "An English story", bodyHtml = "<p>Text.</p>", categoryId, language = "en", featured = true })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}")
        {
            Content = JsonContent.Create(new { title = "An English story, updated", bodyHtml = "<p>Text.</p>", categoryId }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", (await editor.GetAsync($"/api/v1/admin/articles/{id}")).Headers.ETag!.Tag);
        var updated = await (await editor.SendAsync(put)).JsonAsync();
        await editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { });
        var published = await ArticleAsync(created.GetProperty("slug").GetString()!);
        var farsi = await (await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { title = "خبر فارسی", bodyHtml = "<p>متن.</p>", categoryId, language = "fa-IR" })).JsonAsync(HttpStatusCode.Created);
        var badLanguage = await (await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { title = "x", bodyHtml = "<p>x</p>", categoryId, language = "english please" })).ProblemAsync(HttpStatusCode.BadRequest);
        var badDirection = await (await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { title = "x", bodyHtml = "<p>x</p>", categoryId, direction = "up" })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(("en", "ltr", true), (created.GetProperty("language").GetString(), created.GetProperty("direction").GetString(), created.GetProperty("featured").GetBoolean()));
        Assert.Equal(("en", "ltr", true), (updated.GetProperty("language").GetString(), updated.GetProperty("direction").GetString(), updated.GetProperty("featured").GetBoolean()));
        Assert.Equal(("en", "ltr", true), (published.GetProperty("language").GetString(), published.GetProperty("direction").GetString(), published.GetProperty("featured").GetBoolean()));
        Assert.Equal(("fa-IR", "rtl"), (farsi.GetProperty("language").GetString(), farsi.GetProperty("direction").GetString()));
        Assert.True(badLanguage.GetProperty("errors").TryGetProperty("language", out _));
        Assert.True(badDirection.GetProperty("errors").TryGetProperty("direction", out _));
    }

    [Fact]
    public async Task The_featured_filter_takes_only_true_or_false()
    {
        var problem = await (await _public.GetAsync("/api/v1/articles?featured=yes")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("featured", out _));
    }

    /// <summary>A file read as from a pipe: forward only.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
