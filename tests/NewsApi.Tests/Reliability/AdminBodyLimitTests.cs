using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// Request body limits as real Kestrel enforces them (TestServer enforces none): 64 KiB on public routes
/// (<c>CommentKestrelTests</c>), more on the admin API, whose articles carry long HTML.
/// </summary>
public sealed class AdminBodyLimitTests : IDisposable
{
    private const long AdminLimit = 4 * 1024 * 1024; // NewsApi:Http:AdminMaxRequestBodyBytes by default

    // Arabic as UTF-8, not \uXXXX, so the body's size is what the paragraphs weigh.
    private static readonly JsonSerializerOptions ArabicAsIs = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly NewsApiFactory _factory;
    private readonly HttpClient _editor;

    public AdminBodyLimitTests()
    {
        _factory = new NewsApiFactory().With("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0");
        _factory.UseKestrel();
        _factory.StartServer();
        _editor = _factory.CreateEditorClient();
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_article_of_200_KiB_is_created_through_the_admin_API()
    {
        var json = ArticleJson("مقالة طويلة جدًا", targetBytes: 200 * 1024);
        Assert.InRange(json.Length, 200 * 1024, 220 * 1024);

        var article = await (await SendAsync(json, chunked: false)).JsonAsync(HttpStatusCode.Created);

        Assert.True(article.GetProperty("content").GetProperty("wordCount").GetInt32() > 15_000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_admin_limit_is_413_problem_details_whether_announced_or_streamed(bool chunked)
    {
        var title = chunked ? "مقالة أكبر من الحد مرسلة على دفعات" : "مقالة أكبر من الحد";
        var json = ArticleJson(title, targetBytes: AdminLimit + 16 * 1024);

        var problem = await (await SendAsync(json, chunked)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("https://newsapi.dev/problems/payload-too-large", problem.GetProperty("type").GetString());
        using var db = _factory.OpenDatabaseAnyServer();
        Assert.Equal(0, db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE title = @title", new { title }));
    }

    [Fact]
    public async Task The_served_document_lists_the_413_on_operations_with_a_json_body()
    {
        var document = await (await _editor.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");

        Assert.True(paths.GetProperty("/api/v1/admin/articles").GetProperty("post").GetProperty("responses").TryGetProperty("413", out _));
        Assert.True(paths.GetProperty("/api/v1/admin/tags").GetProperty("post").GetProperty("responses").TryGetProperty("413", out _));
    }

    // Expect: 100-continue, as a client uploading a large body would: the server can refuse before the body is sent, so
    // the refusal does not race the upload.
    private async Task<HttpResponseMessage> SendAsync(byte[] json, bool chunked)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/articles")
        {
            Content = chunked ? new StreamContent(new MemoryStream(json)) : new ByteArrayContent(json),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = chunked;
        request.Headers.ExpectContinue = true;
        return await _editor.SendAsync(request);
    }

    private byte[] ArticleJson(string title, long targetBytes)
    {
        const string paragraph = "<p>استقبلت كوريا الشمالية وزير الدفاع الروسى في زيارة رسمية تناولت التعاون العسكرى بين البلدين.</p>";
        var paragraphs = (int)(targetBytes / Encoding.UTF8.GetByteCount(paragraph)) + 1;
        using var db = _factory.OpenDatabaseAnyServer();
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            title,
            bodyHtml = string.Concat(Enumerable.Repeat(paragraph, paragraphs)),
            categoryId = db.ExecuteScalar<int>("SELECT min(id) FROM categories"),
        }, ArabicAsIs);
    }
}
