using System.Net;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

/// <summary>Flood and rate limits, and the moderation modes, each on a host configured for it.</summary>
public sealed class CommentThrottlingTests
{
    [Fact]
    public async Task A_second_comment_from_one_email_and_address_within_the_flood_interval_is_429_until_the_interval_passes()
    {
        using var factory = new NewsApiFactory().With("NewsApi:Comments:RateLimit:PermitLimit", "0").With("NewsApi:Comments:FloodIntervalSeconds", "15");
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostCommentAsync(SeedCommentsPath, Valid("flood@example.com", "الأول"))).StatusCode);

        factory.Clock.Now = factory.Clock.Now.AddSeconds(5);
        var tooSoon = await client.PostCommentAsync(SeedCommentsPath, Valid("FLOOD@example.com", "الثاني"));
        var duplicateTooSoon = await client.PostCommentAsync(SeedCommentsPath, Valid("flood@example.com", "الأول"));
        var someoneElse = await client.PostCommentAsync(SeedCommentsPath, Valid("calm@example.com", "الثاني"));
        factory.Clock.Now = factory.Clock.Now.AddSeconds(11);
        var later = await client.PostCommentAsync(SeedCommentsPath, Valid("flood@example.com", "الثاني"));

        await tooSoon.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(10), tooSoon.Headers.RetryAfter?.Delta);
        await duplicateTooSoon.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Accepted, someoneElse.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_per_client_address_answers_429_with_Retry_After_and_counts_every_submission()
    {
        using var factory = new NewsApiFactory()
            .With("NewsApi:Comments:RateLimit:PermitLimit", "3")
            .With("NewsApi:Comments:RateLimit:WindowSeconds", "600")
            .With("NewsApi:Comments:FloodIntervalSeconds", "0");
        var client = factory.CreateClient();

        var invalid = await client.PostCommentAsync(SeedCommentsPath, Valid("not-an-email"));
        var unknownArticle = await client.PostCommentAsync(CommentsPath("لا-توجد"), Valid("rate1@example.com"));
        var first = await client.PostCommentAsync(SeedCommentsPath, Valid("rate2@example.com"));
        var fourth = await client.PostCommentAsync(SeedCommentsPath, Valid("rate3@example.com"));
        var duplicate = await client.PostCommentAsync(SeedCommentsPath, Valid("rate2@example.com"));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        await unknownArticle.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await fourth.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(600), fourth.Headers.RetryAfter?.Delta);
        Assert.Equal(0, factory.CountComments("rate3@example.com"));
        await duplicate.ProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Auto_moderation_publishes_at_once()
    {
        using var factory = Unthrottled().With("NewsApi:Comments:Moderation", "auto");
        var client = factory.CreateClient();

        var body = await (await client.PostCommentAsync(SeedCommentsPath, Valid("auto@example.com", "منشور فورًا"))).JsonAsync(HttpStatusCode.Accepted);

        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Contains("منشور فورًا", await (await client.GetAsync(SeedCommentsPath + "?pageSize=100")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comments_close_after_the_configured_number_of_days()
    {
        using var factory = Unthrottled().With("NewsApi:Comments:CloseAfterDays", "1");
        var client = factory.CreateClient();

        // The demo article was published in 2024.
        await (await client.PostCommentAsync(SeedCommentsPath, Valid())).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Replies_nest_five_levels_deep_and_no_deeper()
    {
        using var factory = Unthrottled().With("NewsApi:Comments:Moderation", "auto");
        var client = factory.CreateClient();
        int? parent = null;
        for (var depth = 1; depth <= 5; depth++)
        {
            var accepted = await (await client.PostCommentAsync(SeedCommentsPath, Valid($"depth{depth}@example.com", $"مستوى {depth}", parent))).JsonAsync(HttpStatusCode.Accepted);
            parent = accepted.GetProperty("id").GetInt32();
        }

        var sixth = await client.PostCommentAsync(SeedCommentsPath, Valid("depth6@example.com", "مستوى 6", parent));
        var page = await (await client.GetAsync(SeedCommentsPath + "?pageSize=100")).JsonAsync();

        Assert.True((await sixth.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("parentId", out _));
        var thread = page.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("body").GetString() == "مستوى 1");
        for (var depth = 2; depth <= 5; depth++)
        {
            thread = thread.GetProperty("replies").EnumerateArray().Single();
            Assert.Equal($"مستوى {depth}", thread.GetProperty("body").GetString());
        }

        Assert.Empty(thread.GetProperty("replies").EnumerateArray());
    }
}
