using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Http;

/// <summary>A URL typed by someone outside (commenter, editor) reaches no reader with a raw quote or bracket in it.</summary>
public sealed class OutsideUrlTests : IDisposable
{
    private const string Hostile = "https://ok.example/\"><svg onload=alert(1)>";
    private const string Encoded = "https://ok.example/%22%3E%3Csvg%20onload=alert(1)%3E";

    private readonly NewsApiFactory _factory = Unthrottled().With("NewsApi:Comments:Moderation", "auto");
    private readonly Newsroom _newsroom;

    public OutsideUrlTests() => _newsroom = new Newsroom(_factory);

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string> Refused => new()
    {
        "javascript:alert(1)",
        "data:text/html,<svg onload=alert(1)>",
        "//ok.example/no-scheme",
        "ftp://ok.example/file",
        "https://ok.example@evil.example/",
        "https://ok.example/a\u0001b",
    };

    [Fact]
    public async Task A_commenters_url_with_markup_is_published_percent_encoded()
    {
        var client = _factory.CreateClient();

        var id = (await (await client.PostCommentAsync(SeedCommentsPath, new { authorName = "قارئ", authorEmail = "url@example.com", body = "رابط موقعي", authorUrl = Hostile }))
            .JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetInt32();
        var published = await (await client.GetAsync(SeedCommentsPath + "?pageSize=100")).JsonAsync();

        var comment = published.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal(Encoded, comment.GetProperty("authorUrl").GetString());
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_commenters_url_that_is_not_absolute_http_is_refused_naming_authorUrl(string url)
    {
        var response = await _factory.CreateClient().PostCommentAsync(SeedCommentsPath, new { authorName = "قارئ", authorEmail = "url@example.com", body = "رابط", authorUrl = url });

        Assert.True((await response.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("authorUrl", out _));
    }

    [Fact]
    public async Task A_curated_link_with_markup_is_saved_and_served_percent_encoded()
    {
        var seedId = _newsroom.ArticleId(SeedArticle.Slug);

        var saved = await (await _newsroom.Editor.PutAsJsonAsync($"/api/v1/admin/articles/{seedId}/related-links", new object[] { new { title = "مصدر", url = Hostile } })).JsonAsync();
        var related = await (await _factory.CreateClient().GetAsync($"/api/v1/articles/{seedId}/related")).JsonAsync();

        Assert.Equal(Encoded, saved[0].GetProperty("url").GetString());
        Assert.Equal(Encoded, related.GetProperty("items")[0].GetProperty("url").GetString());
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_curated_link_that_is_not_absolute_http_is_refused_naming_its_url(string url)
    {
        var seedId = _newsroom.ArticleId(SeedArticle.Slug);

        var response = await _newsroom.Editor.PutAsJsonAsync($"/api/v1/admin/articles/{seedId}/related-links", new object[] { new { title = "مصدر", url } });

        Assert.True((await response.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("[0].url", out _));
    }

    [Fact]
    public async Task An_article_image_url_with_markup_is_saved_percent_encoded()
    {
        var created = await (await CreateArticleAsync(Hostile)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(Encoded, created.GetProperty("image").GetProperty("url").GetString());
        using var db = _factory.OpenDatabase();
        Assert.Equal(Encoded, db.ExecuteScalar<string>("SELECT image_url FROM articles WHERE id = @Id", new { Id = created.GetProperty("id").GetInt32() }));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_article_image_url_that_is_not_absolute_http_is_refused_naming_image_url(string url)
    {
        var response = await CreateArticleAsync(url);

        Assert.True((await response.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("image.url", out _));
    }

    private Task<HttpResponseMessage> CreateArticleAsync(string imageUrl) =>
        _newsroom.Editor.PostAsJsonAsync("/api/v1/admin/articles", new
        {
            title = "صورة من الخارج",
            bodyHtml = "<p>نص.</p>",
            categoryId = _newsroom.CategoryId(SeedArticle.CategorySlug),
            image = new { url = imageUrl },
        });
}
