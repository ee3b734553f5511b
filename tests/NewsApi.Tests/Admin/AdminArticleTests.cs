using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Admin;

public sealed class AdminArticleTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _editor;
    private readonly HttpClient _public;

    public AdminArticleTests()
    {
        _editor = _factory.CreateEditorClient();
        _public = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private int CategoryId()
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT id FROM categories ORDER BY id LIMIT 1");
    }

    private object Draft(string title, string body = "<p>نص المقالة الأول.</p><h2>عنوان فرعي</h2><p>فقرة ثانية.</p>", string? slug = null) =>
        new { title, bodyHtml = body, categoryId = CategoryId(), tags = new[] { "اختبار", "تحرير" }, slug };

    private async Task<JsonElement> CreateAsync(object draft)
    {
        var response = await _editor.PostAsJsonAsync("/api/v1/admin/articles", draft);
        var article = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/admin/articles/{article.GetProperty("id").GetInt32()}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        return article;
    }

    private async Task<HttpStatusCode> PublicStatusAsync(JsonElement article) =>
        (await _public.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(article.GetProperty("slug").GetString()!)}")).StatusCode;

    private async Task<string> PublicListAsync() => await (await _public.GetAsync("/api/v1/articles?pageSize=100")).Content.ReadAsStringAsync();

    [Fact]
    public async Task A_lead_image_needs_only_its_url_and_keeps_what_is_given()
    {
        var bare = await CreateAsync(new { title = "صورة بلا تعليق", bodyHtml = "<p>نص.</p>", categoryId = CategoryId(), image = new { url = "https://example.com/a.jpg" } });
        var full = await CreateAsync(new
        {
            title = "صورة كاملة البيانات",
            bodyHtml = "<p>نص.</p>",
            categoryId = CategoryId(),
            image = new { url = "https://example.com/b.jpg", alt = "وزير الدفاع", caption = "أثناء الزيارة", credit = "وكالة الأنباء" },
        });

        Assert.Equal("https://example.com/a.jpg", bare.GetProperty("image").GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("image").GetProperty("alt").ValueKind);
        Assert.Equal("وكالة الأنباء", full.GetProperty("image").GetProperty("credit").GetString());
        Assert.Equal("أثناء الزيارة", full.GetProperty("image").GetProperty("caption").GetString());
    }

    [Fact]
    public async Task A_draft_is_invisible_until_published_and_again_after_unpublish_and_delete()
    {
        var article = await CreateAsync(Draft("مقالة تجريبية لدورة النشر"));
        var id = article.GetProperty("id").GetInt32();
        Assert.Equal("draft", article.GetProperty("status").GetString());
        Assert.Equal("مقالة-تجريبية-لدورة-النشر", article.GetProperty("slug").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync(article));

        var published = await (await _editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { })).JsonAsync();
        Assert.Equal("published", published.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, await PublicStatusAsync(article));
        Assert.Contains("مقالة تجريبية لدورة النشر", await PublicListAsync(), StringComparison.Ordinal);

        await (await _editor.PostAsync($"/api/v1/admin/articles/{id}/unpublish", null)).JsonAsync();
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync(article));
        Assert.DoesNotContain("مقالة تجريبية لدورة النشر", await PublicListAsync(), StringComparison.Ordinal);

        await _editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { });
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/admin/articles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync(article));
        await (await _editor.GetAsync($"/api/v1/admin/articles/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_scheduled_article_appears_when_its_time_comes()
    {
        var article = await CreateAsync(Draft("مقالة مجدولة للنشر لاحقا"));
        var id = article.GetProperty("id").GetInt32();
        var at = _factory.Clock.Now.AddHours(2);

        var scheduled = await (await _editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { publishAt = at })).JsonAsync();

        Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync(article));
        _factory.Clock.Now = at.AddSeconds(1);
        Assert.Equal(HttpStatusCode.OK, await PublicStatusAsync(article));
        var admin = await (await _editor.GetAsync($"/api/v1/admin/articles/{id}")).JsonAsync();
        Assert.Equal("published", admin.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_update_needs_the_current_ETag()
    {
        var created = await _editor.PostAsJsonAsync("/api/v1/admin/articles", Draft("مقالة للتعديل"));
        var etag = created.Headers.ETag!.Tag;
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var missing = await _editor.PutAsJsonAsync($"/api/v1/admin/articles/{id}", Draft("عنوان جديد"));
        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}") { Content = JsonContent.Create(Draft("عنوان جديد")) };
        first.Headers.TryAddWithoutValidation("If-Match", etag);
        var updated = await _editor.SendAsync(first);
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}") { Content = JsonContent.Create(Draft("عنوان ثالث")) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var conflict = await _editor.SendAsync(stale);

        await missing.ProblemAsync(HttpStatusCode.PreconditionRequired);
        var body = await updated.JsonAsync();
        Assert.Equal("عنوان جديد", body.GetProperty("title").GetString());
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);
        await conflict.ProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_new_title_keeps_the_slug_and_a_new_slug_keeps_the_old_one_resolving()
    {
        var created = await _editor.PostAsJsonAsync("/api/v1/admin/articles", Draft("الاسم القديم للمقالة"));
        var article = await created.JsonAsync(HttpStatusCode.Created);
        var id = article.GetProperty("id").GetInt32();
        await _editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { });
        var etag = (await _editor.GetAsync($"/api/v1/admin/articles/{id}")).Headers.ETag!.Tag;

        using var retitle = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}") { Content = JsonContent.Create(Draft("عنوان آخر تماما")) };
        retitle.Headers.TryAddWithoutValidation("If-Match", etag);
        var retitled = await (await _editor.SendAsync(retitle)).JsonAsync();
        using var reslug = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}") { Content = JsonContent.Create(Draft("عنوان آخر تماما", slug: "رابط-جديد")) };
        reslug.Headers.TryAddWithoutValidation("If-Match", (await _editor.GetAsync($"/api/v1/admin/articles/{id}")).Headers.ETag!.Tag);
        var reslugged = await (await _editor.SendAsync(reslug)).JsonAsync();
        var viaOld = await (await _public.GetAsync($"/api/v1/articles/{Uri.EscapeDataString("الاسم-القديم-للمقالة")}")).JsonAsync();

        Assert.Equal("الاسم-القديم-للمقالة", retitled.GetProperty("slug").GetString());
        Assert.Equal("رابط-جديد", reslugged.GetProperty("slug").GetString());
        Assert.Equal("رابط-جديد", viaOld.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Equal_titles_get_numbered_slugs_and_a_taken_explicit_slug_is_a_409()
    {
        var first = await CreateAsync(Draft("خبر بعنوان مكرر"));
        var second = await CreateAsync(Draft("خبر بعنوان مكرر"));

        var taken = await _editor.PostAsJsonAsync("/api/v1/admin/articles", Draft("خبر آخر", slug: "خبر-بعنوان-مكرر"));

        Assert.Equal("خبر-بعنوان-مكرر", first.GetProperty("slug").GetString());
        Assert.Equal("خبر-بعنوان-مكرر-2", second.GetProperty("slug").GetString());
        await taken.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_title_all_succeed_with_distinct_slugs_and_one_explicit_slug_is_given_once()
    {
        // On PostgreSQL nothing queues these writers: all four find the slug free, the unique constraint lets one have
        // it, and the others must take the next number (or, for a slug asked for, be refused), never answer 500.
        var sameTitle = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _editor.PostAsJsonAsync("/api/v1/admin/articles", Draft("خبر عاجل متزامن"))));
        var sameSlug = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => _editor.PostAsJsonAsync("/api/v1/admin/articles", Draft($"خبر {i}", slug: "رابط-مطلوب"))));

        var slugs = new List<string>();
        foreach (var response in sameTitle)
        {
            slugs.Add((await response.JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!);
        }

        Assert.Equal(["خبر-عاجل-متزامن", "خبر-عاجل-متزامن-2", "خبر-عاجل-متزامن-3", "خبر-عاجل-متزامن-4"], slugs.Order());
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict], sameSlug.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task Content_is_sanitised_and_blocks_word_count_and_excerpt_are_derived()
    {
        var article = await CreateAsync(Draft("مقالة بمحتوى خطر", "<p onclick=\"x()\">فقرة أولى <script>alert(1)</script>آمنة.</p><h2>عنوان</h2>"));

        var content = article.GetProperty("content");
        Assert.Equal("<p>فقرة أولى آمنة.</p><h2>عنوان</h2>", content.GetProperty("html").GetString());
        Assert.Equal(2, content.GetProperty("blocks").GetArrayLength());
        Assert.Equal(4, content.GetProperty("wordCount").GetInt32());
        Assert.Equal("فقرة أولى آمنة.", article.GetProperty("excerpt").GetString());
    }

    public static TheoryData<string> XssVectors => new()
    {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"javascript:alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<body onload=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"expression(alert(1))\">x</p>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<input autofocus onfocus=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<img src=\"x\" onerror=\"alert(1)\"/><p>نص</p>",
    };

    [Theory]
    [MemberData(nameof(XssVectors))]
    public async Task Known_XSS_vectors_are_stripped(string vector)
    {
        var article = await CreateAsync(Draft("مقالة لاختبار الحقن", $"<p>نص سليم</p>{vector}"));

        var html = article.GetProperty("content").GetProperty("html").GetString()!.ToLowerInvariant();
        foreach (var danger in new[] { "<script", "javascript:", "onerror", "onload", "onclick", "onfocus", "ontoggle", "<iframe", "<svg", "<object", "<embed", "<form", "style=", "<meta", "<base", "<link", "data:text" })
        {
            Assert.DoesNotContain(danger, html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"bodyHtml\":\"<p>x</p>\",\"categoryId\":1,\"status\":\"published\"}", "status")]
    [InlineData("{\"title\":123,\"bodyHtml\":\"<p>x</p>\",\"categoryId\":1}", "title")]
    [InlineData("{\"title\":\"x\",\"bodyHtml\":\"<p>x</p>\",\"categoryId\":999999}", "categoryId")]
    [InlineData("{\"title\":\"\",\"bodyHtml\":\"<p>x</p>\",\"categoryId\":1}", "title")]
    [InlineData("{\"title\":\"x\",\"bodyHtml\":\"\",\"categoryId\":1}", "bodyHtml")]
    [InlineData("{\"title\":\"x\",\"bodyHtml\":\"<p>x</p>\",\"categoryId\":1,\"image\":{\"url\":\"javascript:alert(1)\"}}", "image.url")]
    [InlineData("{\"title\":\"x\",\"bodyHtml\":\"<p>x</p>\",\"categoryId\":1,\"slug\":\"12345\"}", "slug")]
    [InlineData("{not json", "$")]
    [InlineData("", "$")] // found by contract fuzzing: the framework's 400 for a missing body had no errors
    [InlineData("null", "$")]
    public async Task Bad_payloads_are_400_problems_naming_the_field(string json, string field)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var problem = await (await _editor.PostAsync("/api/v1/admin/articles", content)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_body_not_sent_as_JSON_is_a_415_problem_the_document_lists()
    {
        // Found by contract fuzzing: the framework answered 415, which no admin operation documented.
        using var content = new StringContent("{\"title\":\"x\"}", Encoding.UTF8, "text/plain");

        await (await _editor.PostAsync("/api/v1/admin/articles", content)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var document = await (await _public.GetAsync("/openapi/v1.json")).JsonAsync();
        var responses = document.GetProperty("paths").GetProperty("/api/v1/admin/articles").GetProperty("post").GetProperty("responses");
        Assert.True(responses.TryGetProperty("415", out var unsupported), responses.ToString());
        Assert.True(unsupported.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task Admin_reads_are_never_revalidated_and_the_document_promises_no_304()
    {
        // Found by contract fuzzing: the document gave admin GETs a 304 and public Cache-Control they never answer.
        var id = (await CreateAsync(Draft("مقالة لا تخزن"))).GetProperty("id").GetInt32();
        var first = await _editor.GetAsync($"/api/v1/admin/articles/{id}");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/admin/articles/{id}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await _editor.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(second.Headers.CacheControl!.NoStore);
        var document = await (await _public.GetAsync("/openapi/v1.json")).JsonAsync();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/admin", StringComparison.Ordinal)))
        {
            Assert.All(path.Value.EnumerateObject(), operation => Assert.False(operation.Value.GetProperty("responses").TryGetProperty("304", out _), path.Name));
        }

        var read = document.GetProperty("paths").GetProperty("/api/v1/admin/articles/{id}").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.True(read.GetProperty("headers").TryGetProperty("ETag", out _));
    }

    [Fact]
    public async Task The_list_filters_by_status()
    {
        var draft = await CreateAsync(Draft("مسودة في القائمة"));

        var drafts = await (await _editor.GetAsync("/api/v1/admin/articles?status=draft&pageSize=100")).JsonAsync();
        var published = await (await _editor.GetAsync("/api/v1/admin/articles?status=published&pageSize=100")).JsonAsync();

        Assert.Contains(draft.GetProperty("id").GetInt32(), drafts.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.All(drafts.GetProperty("items").EnumerateArray(), i => Assert.Equal("draft", i.GetProperty("status").GetString()));
        Assert.All(published.GetProperty("items").EnumerateArray(), i => Assert.Equal("published", i.GetProperty("status").GetString()));
        Assert.True(published.GetProperty("totalItems").GetInt32() >= 29);
    }

    [Fact]
    public async Task Admin_responses_are_never_cached_and_not_open_to_other_origins()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/articles");
        request.Headers.Add("Origin", "https://front.example");

        var response = await _editor.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
