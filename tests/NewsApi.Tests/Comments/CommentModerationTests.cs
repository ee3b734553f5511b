using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NewsApi.Admin;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

public sealed class CommentModerationTests : IDisposable
{
    private readonly NewsApiFactory _factory = Unthrottled();
    private readonly HttpClient _public;
    private readonly HttpClient _moderator;

    public CommentModerationTests()
    {
        _public = _factory.CreateClient();
        _moderator = _factory.CreateClientWithKey(ApiKeyStore.CommentsModerate);
    }

    public void Dispose() => _factory.Dispose();

    private Task<HttpResponseMessage> SetStatusAsync(int id, string status) =>
        _moderator.PatchAsJsonAsync($"/api/v1/admin/comments/{id}", new { status });

    private async Task<int> CommentCountAsync() =>
        (await (await _public.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync()).GetProperty("commentCount").GetInt32();

    private async Task<Dictionary<string, string>> ETagsAsync()
    {
        var paths = new[] { $"/api/v1/articles/{SeedArticle.EncodedSlug}", "/api/v1/articles", SeedCommentsPath };
        var etags = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            etags[path] = (await _public.GetAsync(path)).Headers.ETag!.Tag;
        }

        return etags;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement comments) =>
        comments.EnumerateArray().SelectMany(c => Flatten(c.GetProperty("replies")).Prepend(c));

    [Fact]
    public async Task A_pending_reply_appears_threaded_once_approved_and_moves_commentCount_and_ETags()
    {
        var parent = _factory.ApprovedTopLevelCommentId();
        var accepted = await (await _public.PostCommentAsync(SeedCommentsPath, Valid("moderated@example.com", "رد ينتظر الموافقة", parent))).JsonAsync(HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetInt32();
        var countBefore = await CommentCountAsync();
        var etagsBefore = await ETagsAsync();

        var queue = await (await _moderator.GetAsync("/api/v1/admin/comments?status=pending")).JsonAsync();
        var queued = queue.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal("moderated@example.com", queued.GetProperty("authorEmail").GetString());
        Assert.True(queued.TryGetProperty("clientAddress", out _));
        Assert.Equal("no-store", (await _moderator.GetAsync("/api/v1/admin/comments")).Headers.CacheControl?.ToString());

        var approved = await (await SetStatusAsync(id, "approved")).JsonAsync();

        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal(countBefore + 1, await CommentCountAsync());
        var etagsAfter = await ETagsAsync();
        Assert.All(etagsBefore, pair => Assert.NotEqual(pair.Value, etagsAfter[pair.Key]));
        var page = await (await _public.GetAsync(SeedCommentsPath)).JsonAsync();
        var top = page.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == parent);
        var reply = top.GetProperty("replies").EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal(parent, reply.GetProperty("parentId").GetInt32());
        Assert.Equal("رد ينتظر الموافقة", reply.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Pending_and_spam_submissions_do_not_move_the_ETag()
    {
        var before = await ETagsAsync();

        await _public.PostCommentAsync(SeedCommentsPath, Valid("quiet@example.com"));
        await _public.PostCommentAsync(SeedCommentsPath, new { authorName = "بوت", authorEmail = "quiet-bot@example.com", body = "x", website = "y" });

        Assert.Equal(before, await ETagsAsync());
    }

    [Fact]
    public async Task Withdrawing_an_approved_comment_takes_its_approved_replies_with_it()
    {
        var page = await (await _public.GetAsync(SeedCommentsPath)).JsonAsync();
        var withReply = page.GetProperty("items").EnumerateArray().First(c => c.GetProperty("replies").GetArrayLength() > 0);
        var id = withReply.GetProperty("id").GetInt32();
        var replyId = withReply.GetProperty("replies")[0].GetProperty("id").GetInt32();
        var countBefore = await CommentCountAsync();

        await (await SetStatusAsync(id, "trash")).JsonAsync();

        Assert.Equal("trash", _factory.StatusOf(replyId));
        Assert.Equal(countBefore - 2, await CommentCountAsync());
        var after = await (await _public.GetAsync(SeedCommentsPath)).JsonAsync();
        Assert.DoesNotContain(Flatten(after.GetProperty("items")), c => c.GetProperty("id").GetInt32() == id || c.GetProperty("id").GetInt32() == replyId);
        await (await SetStatusAsync(replyId, "approved")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Deleting_removes_a_comment_for_good()
    {
        var id = _factory.ApprovedTopLevelCommentId();
        var countBefore = await CommentCountAsync();

        var deleted = await _moderator.DeleteAsync($"/api/v1/admin/comments/{id}");
        var again = await _moderator.DeleteAsync($"/api/v1/admin/comments/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await again.ProblemAsync(HttpStatusCode.NotFound);
        Assert.True(await CommentCountAsync() < countBefore);
        await (await SetStatusAsync(id, "approved")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"status\":\"pending\"}")]
    [InlineData("{\"status\":\"published\"}")]
    [InlineData("{}")]
    [InlineData("{\"status\":\"approved\",\"body\":\"x\"}")]
    public async Task A_moderation_decision_must_be_approved_spam_or_trash(string json)
    {
        var response = await _moderator.PatchAsync($"/api/v1/admin/comments/{_factory.ApprovedTopLevelCommentId()}",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_moderation_list_filters_by_status_and_article_id_or_slug()
    {
        var articleId = _factory.SeedArticleId();

        var bySlug = await (await _moderator.GetAsync($"/api/v1/admin/comments?article={SeedArticle.EncodedSlug}&pageSize=100")).JsonAsync();
        var byId = await (await _moderator.GetAsync($"/api/v1/admin/comments?article={articleId}&status=approved")).JsonAsync();
        var unknown = await (await _moderator.GetAsync("/api/v1/admin/comments?article=no-such-article")).JsonAsync();
        var invalid = await _moderator.GetAsync("/api/v1/admin/comments?status=published");

        Assert.All(bySlug.GetProperty("items").EnumerateArray(), c => Assert.Equal(articleId, c.GetProperty("articleId").GetInt32()));
        Assert.Contains(bySlug.GetProperty("items").EnumerateArray(), c => c.GetProperty("status").GetString() == "pending");
        Assert.All(byId.GetProperty("items").EnumerateArray(), c => Assert.Equal("approved", c.GetProperty("status").GetString()));
        Assert.Equal(0, unknown.GetProperty("totalItems").GetInt32());
        await invalid.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("%00")] // found by contract fuzzing on PostgreSQL, whose text cannot hold NUL: it was a 500
    [InlineData("a%00b")]
    [InlineData("%00%01%7F")]
    public async Task The_moderation_list_filters_by_a_value_naming_no_article_without_a_server_error(string article)
    {
        var response = await _moderator.GetAsync($"/api/v1/admin/comments?article={article}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.JsonAsync()).GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task The_moderation_list_reads_an_id_in_Arabic_Indic_digits_as_the_public_routes_do()
    {
        var articleId = _factory.SeedArticleId();
        var arabicIndic = string.Concat(articleId.ToString(CultureInfo.InvariantCulture).Select(d => (char)('\u0660' + (d - '0'))));

        var body = await (await _moderator.GetAsync($"/api/v1/admin/comments?article={Uri.EscapeDataString(arabicIndic)}")).JsonAsync();

        Assert.NotEqual(0, body.GetProperty("totalItems").GetInt32());
        Assert.All(body.GetProperty("items").EnumerateArray(), c => Assert.Equal(articleId, c.GetProperty("articleId").GetInt32()));
    }

    [Fact]
    public async Task The_comment_list_revalidates_with_304_and_hides_with_its_article()
    {
        var first = await _public.GetAsync(SeedCommentsPath);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, SeedCommentsPath);
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var post = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = JsonContent.Create(Valid("etag-post@example.com")) };
        post.Headers.TryAddWithoutValidation("If-None-Match", "*");

        Assert.Equal(HttpStatusCode.NotModified, (await _public.SendAsync(revalidate)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _public.SendAsync(post)).StatusCode);
        // WriteRaw returns once this host has seen the write (PostgreSQL: its NOTIFY). The pending comment just posted
        // moves no content version, so nothing else makes the host look before the next read.
        _factory.WriteRaw("UPDATE articles SET status = 'draft' WHERE slug = @Slug", new { SeedArticle.Slug });

        await (await _public.GetAsync(SeedCommentsPath)).ProblemAsync(HttpStatusCode.NotFound);
        await (await _public.GetAsync(CommentsPath(_factory.SeedArticleId().ToString(System.Globalization.CultureInfo.InvariantCulture)))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_content_key_cannot_moderate()
    {
        var editor = _factory.CreateEditorClient();

        await (await editor.GetAsync("/api/v1/admin/comments")).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
