using Microsoft.AspNetCore.Http;
using NewsApi.Articles;
using NewsApi.Http;
using NewsApi.Search;

namespace NewsApi.Tests.Http;

/// <summary>One notion of how deep numbered pages reach serves totalPages, the Link header and the validators.</summary>
public sealed class PagingTests
{
    private const int Depth = ArticleFilterQuery.MaxNumberedDepth;

    private static (ListResponse<int> Body, string Links) Page(int page, int pageSize, int totalItems)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/v1/search";
        context.Request.QueryString = new QueryString($"?q=x&page={page}&pageSize={pageSize}");
        var body = Array.Empty<int>().ToListResponse(context, new PageRequest(page, pageSize), totalItems, Depth);
        return (body, context.Response.Headers.Link.ToString());
    }

    [Fact]
    public void Total_pages_and_the_last_link_count_only_the_pages_within_reach()
    {
        // 25,000 hits by 30: 834 pages hold them, but only 333 (333 × 30 ≤ 10,000) can be asked for.
        var (body, links) = Page(1, 30, 25_000);

        Assert.Equal(25_000, body.TotalItems);
        Assert.Equal(333, body.TotalPages);
        Assert.Contains("page=333>; rel=\"last\"", links, StringComparison.Ordinal);
        Assert.Contains("page=2>; rel=\"next\"", links, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deepest_reachable_page_has_a_last_link_to_itself_and_no_next()
    {
        var (body, links) = Page(333, 30, 25_000);

        Assert.Equal(333, body.TotalPages);
        Assert.Contains("page=333>; rel=\"last\"", links, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", links, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_shorter_than_the_bound_counts_all_its_pages()
    {
        var (body, links) = Page(1, 30, 95);

        Assert.Equal(4, body.TotalPages);
        Assert.Contains("page=4>; rel=\"last\"", links, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    public void A_deep_page_with_an_unusable_page_size_is_refused_for_the_page_size_alone(string pageSize)
    {
        var size = QueryInt.TryParse(pageSize, out var parsed) ? parsed : default;

        var result = new ArticleListQueryValidator().Validate(new ArticleListQuery { Page = new QueryInt("3", 3), PageSize = size });

        Assert.Equal(["pageSize"], result.Errors.Select(e => e.PropertyName));
    }

    [Theory]
    [InlineData(333, 30, true)]
    [InlineData(334, 30, false)]
    [InlineData(100, 100, true)]
    [InlineData(101, 100, false)]
    public void The_validators_allow_exactly_the_reachable_pages(int page, int pageSize, bool allowed)
    {
        var paging = (Page: new QueryInt(page.ToString(System.Globalization.CultureInfo.InvariantCulture), page),
            PageSize: new QueryInt(pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), pageSize));

        Assert.Equal(allowed, new PageRequest(page, pageSize).IsReachable(Depth));
        Assert.Equal(allowed, new SearchQueryValidator().Validate(new SearchQuery { Q = "كوريا", Page = paging.Page, PageSize = paging.PageSize }).IsValid);
        Assert.Equal(allowed, new ArticleListQueryValidator().Validate(new ArticleListQuery { Page = paging.Page, PageSize = paging.PageSize }).IsValid);
    }
}
