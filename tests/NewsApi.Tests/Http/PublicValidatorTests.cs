using System.Net;
using System.Net.Http.Json;
using NewsApi.Admin;
using NewsApi.Tests.Comments;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Http;

/// <summary>
/// Public validators (ETag, Last-Modified, and with them the output-cache key) describe public content: editorial work
/// that readers cannot see must not move them, or it announces itself (and its time) to anyone polling a page.
/// </summary>
public sealed class PublicValidatorTests : IDisposable
{
    private static readonly string[] Routes =
    [
        "/api/v1/articles",
        $"/api/v1/articles/{SeedArticle.EncodedSlug}",
        "/api/v1/categories",
        "/api/v1/tags",
        "/api/v1/authors",
        "/feeds/rss.xml",
        "/sitemap.xml",
    ];

    private readonly NewsApiFactory _factory = CommentTestData.Unthrottled();
    private readonly HttpClient _reader;
    private readonly Newsroom _newsroom;

    public PublicValidatorTests()
    {
        _reader = _factory.CreateClient();
        _newsroom = new Newsroom(_factory);
    }

    public void Dispose() => _factory.Dispose();

    private async Task<string> ValidatorsAsync()
    {
        var lines = new List<string>();
        foreach (var route in Routes)
        {
            var response = await _reader.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            lines.Add($"{route} {response.Headers.ETag} {response.Content.Headers.LastModified:O}");
        }

        return string.Join('\n', lines);
    }

    /// <summary>Moves the clock on, so a write that leaked its time into Last-Modified would show.</summary>
    private void Later() => _factory.Clock.Now = _factory.Clock.Now.AddMinutes(3);

    private async Task<string> ETagOfAsync(int id) =>
        (await _newsroom.Editor.GetAsync($"/api/v1/admin/articles/{id}")).Headers.ETag!.ToString();

    [Fact]
    public async Task Drafts_schedules_deleted_drafts_pending_comments_and_keys_move_no_public_validator()
    {
        var before = await ValidatorsAsync();
        Later();

        var draft = await _newsroom.DraftAsync("مسودة لم تنشر بعد عن الطاقة", SeedArticle.CategorySlug, tags: ["وسم-مسودة-فقط"]);
        using var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{draft}")
        {
            Content = JsonContent.Create(new { title = "مسودة معدلة عن الطاقة", bodyHtml = "<p>نص جديد.</p>", categoryId = _newsroom.CategoryId(SeedArticle.CategorySlug) }),
        };
        edit.Headers.TryAddWithoutValidation("If-Match", await ETagOfAsync(draft));
        await (await _newsroom.Editor.SendAsync(edit)).JsonAsync();
        await (await _newsroom.Editor.PutAsJsonAsync($"/api/v1/admin/articles/{draft}/related-links", new[] { new { articleId = _newsroom.ArticleId(SeedArticle.Slug) } })).JsonAsync();
        Later();
        await (await _newsroom.Editor.PostAsJsonAsync($"/api/v1/admin/articles/{draft}/publish", new { publishAt = _factory.Clock.Now.AddDays(2) })).JsonAsync();
        await (await _newsroom.Editor.PostAsync($"/api/v1/admin/articles/{draft}/unpublish", null)).JsonAsync();
        var hiddenCategory = await (await _newsroom.Editor.PostAsJsonAsync("/api/v1/admin/categories", new { name = "قسم بلا مقالات منشورة" })).JsonAsync(HttpStatusCode.Created);
        var secondDraft = await _newsroom.DraftAsync("مسودة في قسم جديد", SeedArticle.CategorySlug);
        await (await _newsroom.Editor.PutAsJsonAsync($"/api/v1/admin/categories/{hiddenCategory.GetProperty("id").GetInt32()}", new { name = "قسم بلا مقالات منشورة بعد" })).JsonAsync();
        await (await _newsroom.Editor.PostAsJsonAsync("/api/v1/admin/tags", new { name = "وسم جديد غير مستخدم" })).JsonAsync(HttpStatusCode.Created);
        await (await _newsroom.Editor.PostAsJsonAsync("/api/v1/admin/authors", new { name = "كاتب بلا مقالات" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await _newsroom.Editor.DeleteAsync($"/api/v1/admin/articles/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _newsroom.Editor.DeleteAsync($"/api/v1/admin/articles/{secondDraft}")).StatusCode);
        Later();
        Assert.Equal(HttpStatusCode.Accepted, (await _reader.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid("pending@example.com"))).StatusCode);
        _factory.CreateClientWithKey(ApiKeyStore.CommentsModerate);

        Assert.Equal(before, await ValidatorsAsync());
    }

    [Fact]
    public async Task Publishing_editing_unpublishing_deleting_and_approving_move_the_public_validators()
    {
        var moderator = _factory.CreateClientWithKey(ApiKeyStore.CommentsModerate);
        var seen = new List<string> { await ValidatorsAsync() };

        async Task StepAsync(Func<Task> change)
        {
            Later();
            await change();
            var now = await ValidatorsAsync();
            Assert.DoesNotContain(now, seen);
            seen.Add(now);
        }

        var id = 0;
        await StepAsync(async () => id = await _newsroom.PublishAsync("خبر منشور عن الطاقة", SeedArticle.CategorySlug, tags: ["طاقة"]));
        await StepAsync(async () =>
        {
            using var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}")
            {
                Content = JsonContent.Create(new { title = "خبر منشور معدل عن الطاقة", bodyHtml = "<p>نص معدل.</p>", categoryId = _newsroom.CategoryId(SeedArticle.CategorySlug) }),
            };
            edit.Headers.TryAddWithoutValidation("If-Match", await ETagOfAsync(id));
            await (await _newsroom.Editor.SendAsync(edit)).JsonAsync();
        });
        await StepAsync(async () =>
        {
            var accepted = await (await _reader.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid("approve-me@example.com"))).JsonAsync(HttpStatusCode.Accepted);
            await (await moderator.PatchAsJsonAsync($"/api/v1/admin/comments/{accepted.GetProperty("id").GetInt32()}", new { status = "approved" })).JsonAsync();
        });
        await StepAsync(() => _newsroom.UnpublishAsync(id));
        await StepAsync(async () => await (await _newsroom.Editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { })).JsonAsync());
        await StepAsync(async () => Assert.Equal(HttpStatusCode.NoContent, (await _newsroom.Editor.DeleteAsync($"/api/v1/admin/articles/{id}")).StatusCode));
        await StepAsync(async () => await (await _newsroom.Editor.PutAsJsonAsync(
            $"/api/v1/admin/categories/{_newsroom.CategoryId(SeedArticle.CategorySlug)}", new { name = "أخبار عالمية وسفارات" })).JsonAsync());
    }

    [Fact]
    public async Task A_scheduled_article_moves_the_validators_when_its_time_comes_not_when_it_is_scheduled()
    {
        var before = await ValidatorsAsync();
        Later();
        await _newsroom.PublishAsync("خبر مجدول عن الطاقة", SeedArticle.CategorySlug, at: _factory.Clock.Now.AddHours(1));
        var scheduled = await ValidatorsAsync();
        _factory.Clock.Now = _factory.Clock.Now.AddHours(2);

        Assert.Equal(before, scheduled);
        Assert.NotEqual(scheduled, await ValidatorsAsync());
    }
}
