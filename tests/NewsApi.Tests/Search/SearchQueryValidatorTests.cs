using NewsApi.Articles;
using NewsApi.Search;

namespace NewsApi.Tests.Search;

public class SearchQueryValidatorTests
{
    private readonly SearchQueryValidator _search = new();
    private readonly ArticleListQueryValidator _list = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("في على")]
    [InlineData("\"*()")]
    public void Search_refuses_a_query_without_a_searchable_word(string? q)
    {
        var result = _search.Validate(new SearchQuery { Q = q });

        Assert.Equal("q", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Search_refuses_more_than_200_characters()
    {
        Assert.False(_search.Validate(new SearchQuery { Q = new string('ب', 201) }).IsValid);
        Assert.True(_search.Validate(new SearchQuery { Q = new string('ب', 200) }).IsValid);
    }

    [Fact]
    public void Search_checks_the_shared_filters_too()
    {
        var result = _search.Validate(new SearchQuery { Q = "الروسي", Sort = "popular", PageSize = new NewsApi.Http.QueryInt("0", 0) });

        Assert.Equal(["pageSize", "sort"], result.Errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_article_list_allows_relevance_only_with_q()
    {
        Assert.False(_list.Validate(new ArticleListQuery { Sort = "relevance" }).IsValid);
        Assert.True(_list.Validate(new ArticleListQuery { Sort = "relevance", Q = "الروسي" }).IsValid);
        Assert.True(_list.Validate(new ArticleListQuery { Q = "  " }).IsValid);
        Assert.False(_list.Validate(new ArticleListQuery { Q = "من" }).IsValid);
    }
}
