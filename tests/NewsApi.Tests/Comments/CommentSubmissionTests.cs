using System.Net;
using System.Net.Http.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

public sealed class CommentSubmissionTests : IDisposable
{
    private readonly NewsApiFactory _factory = Unthrottled()
        .With("NewsApi:Comments:Blocklist:0", "كازينو")
        .With("NewsApi:Comments:Blocklist:1", "مراهنة")
        .With("NewsApi:Comments:Blocklist:2", "Casino");

    private readonly HttpClient _client;

    public CommentSubmissionTests()
    {
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private static async Task<int> AcceptedIdAsync(HttpResponseMessage response, string status = "pending")
    {
        var body = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(status, body.GetProperty("status").GetString());
        Assert.Equal(["commenterToken", "id", "status"], body.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("commenterToken").GetString()));
        return body.GetProperty("id").GetInt32();
    }

    private void Arrange(string sql, object? parameters = null)
    {
        using var db = _factory.OpenDatabase();
        db.Execute(sql, parameters);
    }

    [Fact]
    public async Task A_valid_comment_is_accepted_as_pending_and_stored_as_plain_text_with_its_line_breaks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath)
        {
            Content = JsonContent.Create(new
            {
                authorName = "  منى  ",
                authorEmail = "Mona.Reader@Example.com",
                authorUrl = "https://mona.example.org/",
                body = "<p>سطر أول</p><p>سطر <b>ثان</b><br>ثالث</p><script>alert('x')</script>",
            }),
        };
        request.Headers.UserAgent.ParseAdd("TestBrowser/1.0");

        var response = await _client.SendAsync(request);

        var id = await AcceptedIdAsync(response);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var db = _factory.OpenDatabase();
        var row = db.QuerySingle<(string Name, string Email, string Url, string Body, string Status, string Agent)>(
            "SELECT author_name, author_email, author_url, body, status, user_agent FROM comments WHERE id = @id", new { id });
        Assert.Equal(("منى", "mona.reader@example.com", "https://mona.example.org/", "سطر أول\n\nسطر ثان\nثالث", "pending", "TestBrowser/1.0"), row);
        var page = await (await _client.GetAsync(SeedCommentsPath + "?pageSize=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("سطر أول", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_unpublished_article_answers_404_before_the_body_is_judged()
    {
        var unknown = await _client.PostRawAsync(CommentsPath("مقالة-غير-موجودة"), "{ not json");
        using var db = _factory.OpenDatabase();
        var draft = db.ExecuteScalar<string>("SELECT slug FROM articles WHERE status = 'draft' LIMIT 1")!;
        var toDraft = await _client.PostCommentAsync(CommentsPath(draft), Valid());
        var byMissingId = await _client.PostRawAsync(CommentsPath("999999"), new string('x', 70_000));

        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        await toDraft.ProblemAsync(HttpStatusCode.NotFound);
        await byMissingId.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Missing_and_invalid_fields_are_named_in_a_validation_problem_in_the_readers_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath)
        {
            Content = JsonContent.Create(new { authorName = "", authorEmail = "not-an-address", body = "<p> </p>", authorUrl = "javascript:alert(1)", parentId = -1 }),
        };
        request.Headers.AcceptLanguage.ParseAdd("ar");

        var problem = await (await _client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["authorEmail", "authorName", "authorUrl", "body", "parentId"], errors.EnumerateObject().Select(e => e.Name).Order().ToArray());
        Assert.Contains("بريد", errors.GetProperty("authorEmail")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("http", errors.GetProperty("authorUrl")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"authorName\":\"س\",\"authorEmail\":\"a@example.com\",\"body\":\"نص\",\"status\":\"approved\"}", "status")]
    [InlineData("{\"authorName\":\"س\",\"authorEmail\":\"a@example.com\",\"body\":\"نص\"", "$")]
    [InlineData("{\"authorName\":\"س\",\"authorEmail\":\"a@example.com\",\"body\":\"نص\",\"parentId\":\"abc\"}", "parentId")]
    [InlineData("null", "$")]
    public async Task Unknown_properties_malformed_JSON_and_wrong_types_are_validation_problems(string json, string field)
    {
        var problem = await (await _client.PostRawAsync(SeedCommentsPath, json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, _factory.CountComments("a@example.com"));
    }

    [Fact]
    public async Task Invalid_UTF8_and_absurd_numbers_are_400_not_500()
    {
        var bytes = new ByteArrayContent([.. "{\"authorName\":\""u8, 0xC3, 0x28, .. "\",\"authorEmail\":\"a@example.com\",\"body\":\"x\"}"u8]);
        bytes.Headers.ContentType = new("application/json");

        var invalidUtf8 = await _client.PostAsync(SeedCommentsPath, bytes);
        var hugeNumber = await _client.PostRawAsync(SeedCommentsPath, "{\"authorName\":\"س\",\"authorEmail\":\"a@example.com\",\"body\":\"x\",\"parentId\":99999999999999}");

        await invalidUtf8.ProblemAsync(HttpStatusCode.BadRequest);
        await hugeNumber.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_longer_than_the_configured_limit_after_stripping_HTML_is_refused()
    {
        var tooLong = await _client.PostCommentAsync(SeedCommentsPath, Valid(body: new string('ن', 5001)));
        var longOnlyWithMarkup = await _client.PostCommentAsync(SeedCommentsPath, Valid(body: "<b>" + new string('ن', 4990) + "</b>"));

        var problem = await tooLong.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
        await AcceptedIdAsync(longOnlyWithMarkup);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_415_and_one_over_64_KiB_is_413()
    {
        var text = await _client.PostRawAsync(SeedCommentsPath, "name=x", "text/plain");
        var huge = await _client.PostCommentAsync(SeedCommentsPath, Valid(body: new string('x', 70_000)));

        await text.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await huge.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Closed_comments_answer_403_after_validation_and_before_the_duplicate_check()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostCommentAsync(SeedCommentsPath, Valid("closing@example.com"))).StatusCode);
        Arrange("UPDATE articles SET comments_open = @Open WHERE slug = @Slug", new { Open = false, SeedArticle.Slug });

        var invalid = await _client.PostCommentAsync(SeedCommentsPath, Valid("not-an-email"));
        var duplicate = await _client.PostCommentAsync(SeedCommentsPath, Valid("closing@example.com"));

        await invalid.ProblemAsync(HttpStatusCode.BadRequest);
        var problem = await duplicate.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Comments on this article are closed.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_same_comment_twice_is_answered_as_accepted_and_stored_once_but_the_same_text_from_someone_else_is_stored()
    {
        var first = await AcceptedIdAsync(await _client.PostCommentAsync(SeedCommentsPath, Valid("twice@example.com", "نفس النص")));

        var again = await AcceptedIdAsync(await _client.PostCommentAsync(SeedCommentsPath, Valid("TWICE@example.com", "<p>نَفْس  النص</p>")));
        var someoneElse = await AcceptedIdAsync(await _client.PostCommentAsync(SeedCommentsPath, Valid("other@example.com", "نفس النص")));

        Assert.NotEqual(first, again);
        Assert.Equal(1, _factory.CountComments("twice@example.com"));
        Assert.Equal(1, _factory.CountComments("other@example.com"));
        Assert.Equal("pending", _factory.StatusOf(someoneElse));
    }

    public static TheoryData<string, object> SpamSubmissions => new()
    {
        { "honeypot", new { authorName = "بوت", authorEmail = "bot1@example.com", body = "تعليق عادي", website = "http://spam.example" } },
        { "links", new { authorName = "بوت", authorEmail = "bot2@example.com", body = "زوروا http://a.example و www.b.example و <a href=\"https://c.example\">هنا</a>" } },
        { "arabic word with other spelling", new { authorName = "بوت", authorEmail = "bot3@example.com", body = "أفضل مراهنه على الإنترنت" } },
        { "arabic word with marks and prefix", new { authorName = "بوت", authorEmail = "bot4@example.com", body = "العب في والكَازِينُو الآن" } },
        { "latin word in another case", new { authorName = "CASINO king", authorEmail = "bot5@example.com", body = "hello" } },
    };

    [Theory]
    [MemberData(nameof(SpamSubmissions))]
    public async Task Spam_is_answered_like_any_comment_stored_as_spam_and_never_shown(string kind, object submission)
    {
        _ = kind;
        var response = await _client.PostCommentAsync(SeedCommentsPath, submission);

        var id = await AcceptedIdAsync(response);
        Assert.Equal("spam", _factory.StatusOf(id));
        var page = await (await _client.GetAsync(SeedCommentsPath + "?pageSize=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"id\":" + id + ",", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_links_are_allowed_and_a_third_makes_spam()
    {
        var two = await AcceptedIdAsync(await _client.PostCommentAsync(SeedCommentsPath, Valid("links2@example.com", "انظر https://a.example و https://b.example")));

        Assert.Equal("pending", _factory.StatusOf(two));
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_gets_the_first_answer_and_stores_nothing_new()
    {
        var first = await _client.PostCommentAsync(SeedCommentsPath, Valid("idem@example.com"), "key-1");
        var retry = await _client.PostCommentAsync(SeedCommentsPath, Valid("idem@example.com"), "key-1");
        var otherPayload = await _client.PostCommentAsync(SeedCommentsPath, Valid("idem@example.com", "نص آخر"), "key-1");

        var id = await AcceptedIdAsync(first);
        Assert.Equal(id, await AcceptedIdAsync(retry));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        await otherPayload.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, _factory.CountComments("idem@example.com"));
        var tooLong = await _client.PostCommentAsync(SeedCommentsPath, Valid("idem2@example.com"), new string('k', 256));
        Assert.True((await tooLong.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task An_Idempotency_Key_expires_after_24_hours()
    {
        await AcceptedIdAsync(await _client.PostCommentAsync(SeedCommentsPath, Valid("expiry@example.com"), "key-expiring"));
        _factory.Clock.Now = _factory.Clock.Now.AddHours(24).AddSeconds(1);

        var reused = await _client.PostCommentAsync(SeedCommentsPath, Valid("expiry@example.com", "تعليق جديد بعد يوم"), "key-expiring");

        await AcceptedIdAsync(reused);
        Assert.Equal(2, _factory.CountComments("expiry@example.com"));
    }

    [Fact]
    public async Task Two_identical_requests_at_once_store_one_comment_with_or_without_a_key()
    {
        var keyed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _client.PostCommentAsync(SeedCommentsPath, Valid("race@example.com"), "race-key")));
        var unkeyed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _client.PostCommentAsync(SeedCommentsPath, Valid("race2@example.com"))));

        var ids = await Task.WhenAll(keyed.Select(r => AcceptedIdAsync(r)));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, _factory.CountComments("race@example.com"));
        Assert.All(unkeyed, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(1, _factory.CountComments("race2@example.com"));
    }

    [Fact]
    public async Task A_reply_must_name_an_approved_comment_of_the_same_article()
    {
        using var db = _factory.OpenDatabase();
        var otherArticleComment = db.ExecuteScalar<int>("SELECT min(id) FROM comments WHERE article_id <> @Id AND status = 'approved'", new { Id = _factory.SeedArticleId() });
        var pending = db.ExecuteScalar<int>("SELECT min(id) FROM comments WHERE article_id = @Id AND status = 'pending'", new { Id = _factory.SeedArticleId() });

        var elsewhere = await _client.PostCommentAsync(SeedCommentsPath, Valid("reply1@example.com", parentId: otherArticleComment));
        var toPending = await _client.PostCommentAsync(SeedCommentsPath, Valid("reply2@example.com", parentId: pending));
        var missing = await _client.PostCommentAsync(SeedCommentsPath, Valid("reply3@example.com", parentId: 999_999));
        var fine = await _client.PostCommentAsync(SeedCommentsPath, Valid("reply4@example.com", parentId: _factory.ApprovedTopLevelCommentId()));

        foreach (var refused in new[] { elsewhere, toPending, missing })
        {
            Assert.True((await refused.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("parentId", out _));
        }

        await AcceptedIdAsync(fine);
    }

    [Fact]
    public async Task The_comment_JSON_never_carries_more_than_the_contract_fields()
    {
        var page = await (await _client.GetAsync(SeedCommentsPath)).JsonAsync();

        var first = page.GetProperty("items")[0];
        Assert.Equal(["authorName", "authorUrl", "body", "createdAt", "id", "parentId", "replies"], first.EnumerateObject().Select(p => p.Name).Order().ToArray());
    }
}
