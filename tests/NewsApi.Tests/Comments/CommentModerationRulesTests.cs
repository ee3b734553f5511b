using Microsoft.Extensions.Options;
using NewsApi.Comments;

namespace NewsApi.Tests.Comments;

/// <summary>The moderation rules on their own, without a host.</summary>
public sealed class CommentModerationRulesTests
{
    private static CommentModeration With(Action<NewsApiOptions.CommentSettings> configure)
    {
        var options = new NewsApiOptions();
        configure(options.Comments);
        return new CommentModeration(Options.Create(options));
    }

    private static readonly CommentRequest Plain = new("قارئ", "reader@example.com", "تعليق");

    [Theory]
    [InlineData("manual", false, "pending")]
    [InlineData("manual", true, "pending")]
    [InlineData("auto", false, "approved")]
    [InlineData("AUTO", false, "approved")]
    [InlineData("trusted", false, "pending")]
    [InlineData("trusted", true, "approved")]
    public async Task The_mode_decides_where_a_clean_comment_starts(string mode, bool known, string expected) =>
        Assert.Equal(expected, await With(c => c.Moderation = mode).InitialStatusAsync(spam: false, () => Task.FromResult(known)));

    [Fact]
    public async Task Spam_starts_as_spam_whatever_the_mode_and_the_history()
    {
        var moderation = With(c => c.Moderation = "auto");

        Assert.Equal("spam", await moderation.InitialStatusAsync(spam: true, () => Task.FromResult(true)));
    }

    [Fact]
    public void The_link_limit_and_the_blocklist_are_configurable()
    {
        var strict = With(c => { c.MaxLinks = 0; c.Blocklist = ["  ", "رِهان"]; });
        var lenient = With(c => c.MaxLinks = 5);

        Assert.True(strict.IsSpam(Plain, new CommentBody("انظر https://a.example", 1)));
        Assert.True(strict.IsSpam(Plain with { AuthorName = "ملك الرهان" }, new CommentBody("تعليق", 0)));
        Assert.False(strict.IsSpam(Plain, new CommentBody("تعليق", 0)));
        Assert.False(lenient.IsSpam(Plain, new CommentBody("روابط", 5)));
        Assert.True(lenient.IsSpam(Plain with { Website = " " }, new CommentBody("تعليق", 0)));
    }

    [Fact]
    public void Comments_close_by_the_article_flag_or_after_the_configured_days()
    {
        var published = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var never = With(_ => { });
        var week = With(c => c.CloseAfterDays = 7);

        Assert.True(never.IsClosed(commentsOpen: false, published, new DateTimeOffset(published)));
        Assert.False(never.IsClosed(commentsOpen: true, published, new DateTimeOffset(published.AddYears(5))));
        Assert.False(week.IsClosed(commentsOpen: true, published, new DateTimeOffset(published.AddDays(7).AddSeconds(-1))));
        Assert.True(week.IsClosed(commentsOpen: true, published, new DateTimeOffset(published.AddDays(7))));
    }
}
