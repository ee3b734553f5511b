using NewsApi.Related;

namespace NewsApi.Tests.Related;

public class RelatedValidatorsTests
{
    private static string[] Fields(params RelatedLinkRequest[] links) =>
        new RelatedLinkListValidator().Validate(links).Errors.Select(e => e.PropertyName).ToArray();

    [Fact]
    public void An_internal_article_and_an_external_link_are_both_valid()
    {
        Assert.Empty(Fields(new RelatedLinkRequest(ArticleId: 3), new RelatedLinkRequest(Title: "المصدر", Url: "https://example.com/a?b=1&c=2")));
    }

    [Fact]
    public void An_empty_list_is_valid_and_clears_the_links()
    {
        Assert.Empty(Fields());
    }

    [Fact]
    public void Each_refused_item_is_named_by_its_index()
    {
        var fields = Fields(
            new RelatedLinkRequest(ArticleId: 3),
            new RelatedLinkRequest(ArticleId: 4, Url: "https://example.com"),
            new RelatedLinkRequest(Title: "x", Url: "data:text/html,hi"),
            new RelatedLinkRequest(ArticleId: 3));

        Assert.Equal(["[1]", "[2].url", "[3].articleId"], fields);
    }

    [Fact]
    public void More_than_ten_items_are_refused_as_a_whole()
    {
        var links = Enumerable.Range(1, 11).Select(i => new RelatedLinkRequest(ArticleId: i)).ToArray();

        Assert.Equal(["$"], Fields(links));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("1", false)]
    [InlineData("20", false)]
    [InlineData("21", true)]
    [InlineData("٥", false)]
    public void The_limit_must_be_1_to_20(string limit, bool refused)
    {
        Assert.True(NewsApi.Http.QueryInt.TryParse(limit, out var value));

        Assert.Equal(refused, !new RelatedQueryValidator().Validate(new RelatedQuery { Limit = value }).IsValid);
    }
}
