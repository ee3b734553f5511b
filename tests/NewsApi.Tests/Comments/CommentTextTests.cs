using Microsoft.Extensions.Options;
using NewsApi.Comments;

namespace NewsApi.Tests.Comments;

public sealed class CommentTextTests
{
    [Theory]
    [InlineData("نص عادي\nبسطرين", "نص عادي\nبسطرين", 0)]
    [InlineData("<p>فقرة</p><p>ثانية<br/>وسطر</p>", "فقرة\n\nثانية\nوسطر", 0)]
    [InlineData("a < b & c > d", "a < b & c > d", 0)]
    [InlineData("<script>alert(1)</script><style>p{}</style>بقي هذا", "بقي هذا", 0)]
    [InlineData("<a href=\"https://x.example\">https://x.example</a> و www.y.example", "https://x.example و www.y.example", 2)]
    [InlineData("\r\nسطر\r\n\r\n\r\n\r\nآخر   \r\n", "سطر\n\nآخر", 0)]
    [InlineData("&lt;b&gt; ليس وسمًا", "<b> ليس وسمًا", 0)]
    public void HTML_is_stripped_to_text_with_line_breaks_kept_and_links_counted(string submitted, string text, int links)
    {
        var body = CommentText.Read(submitted);

        Assert.Equal(text, body.Text);
        Assert.Equal(links, body.LinkCount);
    }

    [Theory]
    [InlineData("div")]
    [InlineData("b")]
    [InlineData("blockquote")]
    public void Deeply_nested_markup_is_read_without_exhausting_the_stack(string tag)
    {
        var nested = string.Concat(Enumerable.Repeat($"<{tag}>", CommentText.MaxTags)) + "نص";
        var overNested = string.Concat(Enumerable.Repeat($"<{tag}>", 64 * 1024 / (tag.Length + 2))) + "نص &amp; <i>نص";

        Assert.Equal("نص", CommentText.Read(nested).Text);
        Assert.Equal("نص & نص", CommentText.Read(overNested).Text);
    }

    [Fact]
    public void The_validator_refuses_more_markup_than_a_person_writes()
    {
        var validator = new CommentRequestValidator(Options.Create(new NewsApiOptions()));

        var result = validator.Validate(new CommentRequest("س", "a@example.com", string.Concat(Enumerable.Repeat("<b>", CommentText.MaxTags + 1)) + "نص"));

        Assert.Equal("body", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void The_validator_knows_an_email_address_when_it_sees_one()
    {
        Assert.True(CommentRequestValidator.IsEmailAddress("reader@example.com"));
        Assert.False(CommentRequestValidator.IsEmailAddress("reader@localhost"));
        Assert.False(CommentRequestValidator.IsEmailAddress("Reader <reader@example.com>"));
        Assert.False(CommentRequestValidator.IsEmailAddress("a@example.com, b@example.com"));
    }

    [Fact]
    public void The_validator_applies_the_configured_body_limit_to_the_stripped_text()
    {
        var validator = new CommentRequestValidator(Options.Create(new NewsApiOptions { Comments = { MaxBodyLength = 10 } }));

        Assert.True(validator.Validate(new CommentRequest("س", "a@example.com", "<b>0123456789</b>")).IsValid);
        Assert.False(validator.Validate(new CommentRequest("س", "a@example.com", "01234567890")).IsValid);
        Assert.False(validator.Validate(new CommentRequest(new string('س', 246), "a@example.com", "نص")).IsValid);
        Assert.False(validator.Validate(new CommentRequest("س", "a@example.com", "نص", AuthorUrl: "ftp://x.example")).IsValid);
        Assert.Equal("body", Assert.Single(validator.Validate(new CommentRequest("س", "a@example.com", "")).Errors).PropertyName);
        Assert.Equal("body", Assert.Single(validator.Validate(new CommentRequest("س", "a@example.com", "<p></p>")).Errors).PropertyName);
        Assert.True(validator.Validate(new CommentRequest("س", "a@example.com", "نص", AuthorUrl: "")).IsValid);
    }
}
