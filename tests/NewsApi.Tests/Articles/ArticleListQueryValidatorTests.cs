using NewsApi.Articles;
using NewsApi.Http;

namespace NewsApi.Tests.Articles;

public sealed class ArticleListQueryValidatorTests
{
    private readonly ArticleListQueryValidator _validator = new();

    // Binding always succeeds: a value that is not a number is kept raw for the validator to refuse.
    private static QueryInt Int(string raw) => QueryInt.TryParse(raw, out var value) ? value : throw new InvalidOperationException();

    private static QueryDate Date(string raw) => QueryDate.TryParse(raw, out var value) ? value : throw new InvalidOperationException();

    [Fact]
    public void An_empty_query_is_valid()
    {
        Assert.True(_validator.Validate(new ArticleListQuery()).IsValid);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("100", true)]
    [InlineData("٢٠", true)]
    [InlineData("0", false)]
    [InlineData("101", false)]
    [InlineData("-5", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    [InlineData("1e2", false)]
    public void Page_size_must_be_a_whole_number_from_1_to_100(string raw, bool valid)
    {
        var result = _validator.Validate(new ArticleListQuery { PageSize = Int(raw) });

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal("pageSize", Assert.Single(result.Errors).PropertyName);
        }
    }

    [Theory]
    [InlineData("2024-11-29", true)]
    [InlineData("2024-11-29T10:00:00Z", true)]
    [InlineData("2024-11-29T10:00:00+02:00", true)]
    [InlineData("2024-11-29T10:00", true)]
    [InlineData("29/11/2024", false)]
    [InlineData("2024-02-30", false)]
    [InlineData("yesterday", false)]
    [InlineData("2024-11-29T25:00:00Z", false)]
    public void Dates_must_be_ISO_8601(string raw, bool valid)
    {
        Assert.Equal(valid, _validator.Validate(new ArticleListQuery { From = Date(raw) }).IsValid);
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused_on_from()
    {
        var result = _validator.Validate(new ArticleListQuery { From = Date("2024-11-30"), To = Date("2024-11-01") });

        Assert.Equal("from", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void A_single_day_window_is_valid()
    {
        Assert.True(_validator.Validate(new ArticleListQuery { From = Date("2024-11-29"), To = Date("2024-11-29") }).IsValid);
    }

    [Theory]
    [InlineData("newest", true)]
    [InlineData("oldest", true)]
    [InlineData("OLDEST", true)]
    [InlineData("relevance", false)]
    [InlineData("", false)]
    public void Sort_is_newest_or_oldest(string sort, bool valid)
    {
        Assert.Equal(valid, _validator.Validate(new ArticleListQuery { Sort = sort }).IsValid);
    }
}
