using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using NewsApi.Admin;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Preview;

/// <summary>
/// Draft previews: POST /api/v1/admin/articles/{id}/preview makes a token, GET /api/v1/preview/{token} shows the article in
/// any state as it is now, uncached and unindexed, and every token it will not honour gets one and the same 404.
/// </summary>
public sealed partial class PreviewTests : IClassFixture<NewsApiFactory>
{
    private readonly NewsApiFactory _factory;
    private readonly Newsroom _newsroom;

    public PreviewTests(NewsApiFactory factory)
    {
        _factory = factory;
        _newsroom = new Newsroom(factory);
    }

    [Fact]
    public async Task A_preview_shows_the_draft_in_the_public_detail_shape_while_public_routes_do_not()
    {
        var id = await _newsroom.DraftAsync("مسودة للمعاينة عن زيارة الوفد الروسى", SeedArticle.CategorySlug, tags: ["روسيا"]);

        var created = await _newsroom.Editor.PostAsync($"/api/v1/admin/articles/{id}/preview", null);
        var link = await created.JsonAsync(HttpStatusCode.Created);
        var token = link.GetProperty("token").GetString()!;
        var url = link.GetProperty("url").GetString()!;

        Assert.Matches(UrlSafe(), token);
        Assert.Equal(134, token.Length);
        Assert.Equal("http://localhost/api/v1/preview/" + token, url);
        Assert.Equal(url, created.Headers.Location?.ToString());
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var expected = DateTimeOffset.FromUnixTimeSeconds(_factory.Clock.Now.ToUnixTimeSeconds()).AddMinutes(60);
        Assert.Equal(expected, link.GetProperty("expiresAt").GetDateTimeOffset());

        var preview = await (await _factory.CreateClient().GetAsync(new Uri(url).PathAndQuery)).JsonAsync();
        Assert.Equal(id, preview.GetProperty("id").GetInt32());
        Assert.Equal("مسودة للمعاينة عن زيارة الوفد الروسى", preview.GetProperty("title").GetString());
        Assert.Equal(["روسيا"], preview.GetProperty("tags").Strings("name"));
        Assert.False(preview.TryGetProperty("status", out _));

        // The very shape of GET /api/v1/articles/{slug}: the same properties, in the same order.
        var published = await (await _factory.CreateClient().GetAsync($"/api/v1/articles/{_newsroom.ArticleId(SeedArticle.Slug)}")).JsonAsync();
        Assert.Equal(Names(published), Names(preview));

        using var reader = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        Assert.DoesNotContain(id, (await (await reader.GetAsync("/api/v1/articles?pageSize=100")).JsonAsync()).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/articles/{id}/related")).StatusCode);
    }

    [Fact]
    public async Task An_edit_saved_after_the_token_was_made_shows_at_once_and_nothing_is_cached()
    {
        var id = await _newsroom.DraftAsync("مسودة قبل التعديل", SeedArticle.CategorySlug);
        var path = await PreviewPathAsync(id);
        using var reader = _factory.CreateClient();

        var before = await reader.GetAsync(path);
        await EditAsync(id, "مسودة بعد التعديل", "<p>فقرة جديدة أضافها المحرر.</p>");
        var after = await reader.GetAsync(path);

        // A draft's edit moves no public version, so an answer kept by the output cache (or revalidated by an ETag) would
        // still be the first one.
        Assert.Equal("مسودة قبل التعديل", (await before.JsonAsync()).GetProperty("title").GetString());
        var edited = await after.JsonAsync();
        Assert.Equal("مسودة بعد التعديل", edited.GetProperty("title").GetString());
        Assert.Equal("فقرة جديدة أضافها المحرر.", edited.GetProperty("content").GetProperty("blocks")[0].GetProperty("text").GetString());
        foreach (var response in new[] { before, after })
        {
            AssertPreviewHeaders(response);
        }
    }

    [Fact]
    public async Task Scheduled_and_published_articles_preview_too_with_their_publication_time()
    {
        var at = _factory.Clock.Now.AddDays(1);
        var scheduled = await _newsroom.PublishAsync("مقالة مجدولة تعرض فى المعاينة", SeedArticle.CategorySlug, at: at);
        var draft = await _newsroom.DraftAsync("مسودة بلا موعد نشر", SeedArticle.CategorySlug);
        using var reader = _factory.CreateClient();

        var scheduledPreview = await (await reader.GetAsync(await PreviewPathAsync(scheduled))).JsonAsync();
        var seedPreview = await (await reader.GetAsync(await PreviewPathAsync(_newsroom.ArticleId(SeedArticle.Slug)))).JsonAsync();
        var draftPreview = await (await reader.GetAsync(await PreviewPathAsync(draft))).JsonAsync();
        var seedPublic = await (await reader.GetAsync($"/api/v1/articles/{_newsroom.ArticleId(SeedArticle.Slug)}")).JsonAsync();

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds()), scheduledPreview.GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/articles/{scheduled}")).StatusCode);
        Assert.Equal(seedPublic.GetRawText(), seedPreview.GetRawText());
        // A draft has no publication time yet: it shows the time it would have if published now.
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(_factory.Clock.Now.ToUnixTimeSeconds()), draftPreview.GetProperty("publishedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_token_opens_until_its_expiry_by_the_application_clock_and_not_a_second_longer()
    {
        var id = await _newsroom.DraftAsync("مسودة تنتهى صلاحية معاينتها", SeedArticle.CategorySlug);
        var link = await (await _newsroom.Editor.PostAsync($"/api/v1/admin/articles/{id}/preview", null)).JsonAsync(HttpStatusCode.Created);
        var path = new Uri(link.GetProperty("url").GetString()!).PathAndQuery;
        var expiresAt = link.GetProperty("expiresAt").GetDateTimeOffset();
        using var reader = _factory.CreateClient();
        var start = _factory.Clock.Now;
        try
        {
            _factory.Clock.Now = expiresAt.AddSeconds(-1);
            var lastSecond = await reader.GetAsync(path);
            _factory.Clock.Now = expiresAt;
            var expired = await reader.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, lastSecond.StatusCode);
            await expired.ProblemAsync(HttpStatusCode.NotFound);
        }
        finally
        {
            _factory.Clock.Now = start;
        }
    }

    [Fact]
    public async Task Expired_tampered_foreign_and_revoked_tokens_get_byte_identical_404_answers()
    {
        var kept = await _newsroom.DraftAsync("مسودة تبقى", SeedArticle.CategorySlug);
        var deleted = await _newsroom.DraftAsync("مسودة ستحذف", SeedArticle.CategorySlug);
        var valid = Token(await PreviewPathAsync(kept));
        var start = _factory.Clock.Now;
        string expired;
        try
        {
            _factory.Clock.Now = start.AddHours(-2);
            expired = Token(await PreviewPathAsync(kept));
        }
        finally
        {
            _factory.Clock.Now = start;
        }

        var revoked = Token(await PreviewPathAsync(deleted));
        await (await _newsroom.Editor.DeleteAsync($"/api/v1/admin/articles/{deleted}")).Content.ReadAsStringAsync();
        // One character changed in the sealed part, one cut off, one added; and tokens that were never made here.
        var middle = valid.Length / 2;
        var tampered = valid[..middle] + (valid[middle] == 'A' ? 'B' : 'A') + valid[(middle + 1)..];
        string[] refused = [expired, revoked, tampered, valid[..^1], valid + "A", "not-a-token", new string('A', 136), new string('x', 5000)];

        using var reader = _factory.CreateClient();
        reader.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ar"));
        var answers = new List<string>();
        foreach (var token in refused)
        {
            var response = await reader.GetAsync("/api/v1/preview/" + token);
            await response.ProblemAsync(HttpStatusCode.NotFound);
            AssertPreviewHeaders(response);
            answers.Add(await AnswerAsync(response, token));
        }

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/preview/" + valid)).StatusCode);
        Assert.Contains("رابط المعاينة هذا غير صالح أو انتهت صلاحيته", answers[0], StringComparison.Ordinal);
        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }

    [Fact]
    public async Task Making_a_preview_needs_content_write_and_an_existing_article()
    {
        var id = await _newsroom.DraftAsync("مسودة محمية", SeedArticle.CategorySlug);
        using var anonymous = _factory.CreateClient();
        using var moderator = _factory.CreateClientWithKey(ApiKeyStore.CommentsModerate);

        await (await anonymous.PostAsync($"/api/v1/admin/articles/{id}/preview", null)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await moderator.PostAsync($"/api/v1/admin/articles/{id}/preview", null)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await _newsroom.Editor.PostAsync("/api/v1/admin/articles/999999/preview", null)).ProblemAsync(HttpStatusCode.NotFound);
        // A preview token is not an API key, and an API key opens no preview.
        await (await moderator.GetAsync("/api/v1/preview/" + moderator.DefaultRequestHeaders.Authorization!.Parameter)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_token_made_by_one_host_opens_on_another_host_of_the_same_database_and_not_on_another_database()
    {
        var id = await _newsroom.DraftAsync("مسودة تفتح على كل المثيلات", SeedArticle.CategorySlug);
        var path = await PreviewPathAsync(id);
        using var other = new NewsApiFactory().With("ConnectionStrings:News", _factory.ConnectionString);
        other.Clock.Now = _factory.Clock.Now;
        using var elsewhere = new NewsApiFactory();
        elsewhere.Clock.Now = _factory.Clock.Now;

        var there = await (await other.CreateClient().GetAsync(path)).JsonAsync();
        var back = await (await _factory.CreateClient().GetAsync(await PreviewPathAsync(id, new Newsroom(other).Editor))).JsonAsync();
        var foreign = await elsewhere.CreateClient().GetAsync(path);

        Assert.Equal(id, there.GetProperty("id").GetInt32());
        Assert.Equal(id, back.GetProperty("id").GetInt32());
        await foreign.ProblemAsync(HttpStatusCode.NotFound);
        using var db = _factory.OpenDatabase();
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT count(*) FROM data_protection_keys WHERE friendly_name LIKE 'key-%'"));
    }

    [Fact]
    public async Task The_token_lifetime_comes_from_configuration_and_start_up_refuses_a_nonsense_one()
    {
        using var shortLived = new NewsApiFactory().With("NewsApi:Preview:TokenLifetimeMinutes", "5");
        var id = new Newsroom(shortLived).ArticleId(SeedArticle.Slug);
        var link = await (await new Newsroom(shortLived).Editor.PostAsync($"/api/v1/admin/articles/{id}/preview", null)).JsonAsync(HttpStatusCode.Created);
        using var refusing = new NewsApiFactory().With("NewsApi:Preview:TokenLifetimeMinutes", "0");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(shortLived.Clock.Now.ToUnixTimeSeconds()).AddMinutes(5), link.GetProperty("expiresAt").GetDateTimeOffset());
        var failure = Assert.ThrowsAny<Exception>(() => refusing.Server);
        Assert.Contains("NewsApi:Preview:TokenLifetimeMinutes", failure.ToString(), StringComparison.Ordinal);
    }

    private static void AssertPreviewHeaders(HttpResponseMessage response)
    {
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("noindex", Assert.Single(response.Headers.GetValues("X-Robots-Tag")));
        Assert.Null(response.Headers.ETag);
        Assert.Null(response.Content.Headers.LastModified);
        Assert.False(response.Headers.Contains("Surrogate-Key"));
    }

    /// <summary>
    /// Everything a client sees of an answer, with the two values that differ per request by construction (the
    /// <c>traceId</c>, and the <c>instance</c> path, which is the token the client sent) set aside.
    /// </summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response, string token)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("/api/v1/preview/" + token, body["instance"]!.GetValue<string>());
        body.Remove("traceId");
        body.Remove("instance");
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Content-Length"))
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}");
        return $"{(int)response.StatusCode}\n{string.Join('\n', headers)}\n{body.ToJsonString(Readable)}";
    }

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task<string> PreviewPathAsync(int id, HttpClient? editor = null)
    {
        var link = await (await (editor ?? _newsroom.Editor).PostAsync($"/api/v1/admin/articles/{id}/preview", null)).JsonAsync(HttpStatusCode.Created);
        return new Uri(link.GetProperty("url").GetString()!).PathAndQuery;
    }

    private async Task EditAsync(int id, string title, string body)
    {
        var current = await _newsroom.Editor.GetAsync($"/api/v1/admin/articles/{id}");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}")
        {
            Content = JsonContent.Create(new { title, bodyHtml = body, categoryId = _newsroom.CategoryId(SeedArticle.CategorySlug) }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        await (await _newsroom.Editor.SendAsync(put)).JsonAsync();
    }

    private static string Token(string path) => path["/api/v1/preview/".Length..];

    private static string[] Names(JsonElement article) => article.EnumerateObject().Select(p => p.Name).ToArray();

    [GeneratedRegex("^[A-Za-z0-9_-]{100,200}$")]
    private static partial Regex UrlSafe();
}
