using System.Net;
using System.Text;
using NewsApi.Admin;
using NewsApi.Tests.Comments;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Http;

/// <summary>
/// Characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; a lone surrogate)
/// are refused in every string of every request body, naming the property, so none can be stored and later break
/// a feed or a sitemap.
/// </summary>
public sealed class ForbiddenCharacterTests : IDisposable
{
    private readonly NewsApiFactory _factory = CommentTestData.Unthrottled();

    public void Dispose() => _factory.Dispose();

    // The bodies are raw JSON: "\u000b" and the like are JSON escapes, sent as such.
    public static TheoryData<string, string, string, string> WriteRoutes => new()
    {
        { "POST", "/api/v1/admin/articles", """{"title":"عنوان\u000bخبر","bodyHtml":"<p>نص</p>","categoryId":1}""", "title" },
        { "POST", "/api/v1/admin/articles", """{"title":"عنوان","bodyHtml":"<p>نص\u0001</p>","categoryId":1}""", "bodyHtml" },
        { "POST", "/api/v1/admin/articles", """{"title":"عنوان","bodyHtml":"<p>نص</p>","categoryId":1,"tags":["وسم","وسم\u001f"]}""", "tags[1]" },
        { "POST", "/api/v1/admin/articles", """{"title":"عنوان","bodyHtml":"<p>نص</p>","categoryId":1,"image":{"url":"https://img.example/a.jpg","alt":"صورة\uffff"}}""", "image.alt" },
        { "PUT", "/api/v1/admin/articles/1", """{"title":"عنوان","bodyHtml":"<p>نص</p>","categoryId":1,"excerpt":"ملخص\u0000"}""", "excerpt" },
        { "POST", "/api/v1/admin/categories", """{"name":"قسم\u000c"}""", "name" },
        { "PUT", "/api/v1/admin/categories/1", """{"name":"قسم","description":"وصف\ufffe"}""", "description" },
        { "POST", "/api/v1/admin/tags", """{"name":"وسم\u0008"}""", "name" },
        { "PUT", "/api/v1/admin/authors/1", """{"name":"كاتب","bio":"سيرة \ud800 مقطوعة"}""", "bio" },
        { "PUT", "/api/v1/admin/articles/1/related-links", """[{"title":"رابط\u000b","url":"https://other.example/a"}]""", "[0].title" },
        { "PATCH", "/api/v1/admin/comments/1", """{"status":"approved\u0007"}""", "status" },
        { "POST", CommentTestData.SeedCommentsPath, """{"authorName":"قارئ","authorEmail":"reader@example.com","body":"تعليق\u000bمفيد"}""", "body" },
        { "POST", CommentTestData.SeedCommentsPath, """{"authorName":"قارئ\udc00","authorEmail":"reader@example.com","body":"تعليق مفيد"}""", "authorName" },
    };

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task A_body_string_with_a_character_xml_forbids_is_a_400_naming_the_field(string method, string path, string json, string field)
    {
        var client = _factory.CreateClientWithKey(ApiKeyStore.ContentWrite, ApiKeyStore.CommentsModerate);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.IfMatch.ParseAdd("\"any\"");
        request.Headers.AcceptLanguage.ParseAdd("ar");

        var problem = await (await client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}': {errors}");
        Assert.Contains("محرف", messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tab_line_feed_carriage_return_and_characters_outside_the_bmp_are_accepted()
    {
        var client = _factory.CreateEditorClient();

        var response = await client.PostAsync("/api/v1/admin/tags",
            new StringContent("""{"name":"وسم\tمع\r\nسطرين 😀"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
