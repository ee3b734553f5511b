using System.Net;
using System.Text.Json;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

public sealed class SearchApiTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string Q(string query) => Uri.EscapeDataString(query);

    private static string[] ArticleField(JsonElement body, string property) =>
        body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("article").GetProperty(property).ToString()).ToArray();

    [Fact]
    public async Task A_hit_is_the_article_summary_and_a_snippet()
    {
        var search = await (await _client.GetAsync($"/api/v1/search?q={Q("الروسي")}")).JsonAsync();
        var list = await (await _client.GetAsync("/api/v1/articles?pageSize=1")).JsonAsync();

        var hit = search.GetProperty("items")[0];
        Assert.Equal(
            list.GetProperty("items")[0].EnumerateObject().Select(p => p.Name),
            hit.GetProperty("article").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["article", "snippet"], hit.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Search_pages_like_the_article_list_with_link_and_total_headers()
    {
        var all = await (await _client.GetAsync($"/api/v1/search?pageSize=100&q={Q("الدفاع")}")).JsonAsync();
        var response = await _client.GetAsync($"/api/v1/search?pageSize=2&page=2&q={Q("الدفاع")}");
        var second = await response.JsonAsync();
        var total = all.GetProperty("totalItems").GetInt32();

        Assert.True(total >= 4, $"{total} hits");
        Assert.Equal(ArticleField(all, "slug").Skip(2).Take(2), ArticleField(second, "slug"));
        Assert.Equal(total, second.GetProperty("totalItems").GetInt32());
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"prev\"", string.Join(",", response.Headers.GetValues("Link")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Newest_and_oldest_order_hits_by_publication_time()
    {
        var newest = ArticleField(await (await _client.GetAsync($"/api/v1/search?pageSize=100&sort=newest&q={Q("الطاقة")}")).JsonAsync(), "publishedAt");
        var oldest = ArticleField(await (await _client.GetAsync($"/api/v1/search?pageSize=100&sort=oldest&q={Q("الطاقة")}")).JsonAsync(), "publishedAt");

        Assert.True(newest.Length >= 3);
        Assert.Equal(newest.OrderDescending(StringComparer.Ordinal), newest);
        Assert.Equal(newest.Reverse(), oldest);
    }

    [Fact]
    public async Task The_article_filters_narrow_a_search()
    {
        var everything = await (await _client.GetAsync($"/api/v1/search?pageSize=100&q={Q("الدفاع")}")).JsonAsync();
        var football = await (await _client.GetAsync($"/api/v1/search?pageSize=100&category={Q("رياضة")}&q={Q("الدفاع")}")).JsonAsync();
        var tagged = await (await _client.GetAsync($"/api/v1/search?pageSize=100&tag={Q("روسيا")}&q={Q("الدفاع")}")).JsonAsync();
        var window = await (await _client.GetAsync($"/api/v1/search?pageSize=100&from=2024-11-01&to=2024-11-30&q={Q("الدفاع")}")).JsonAsync();

        Assert.True(football.GetProperty("totalItems").GetInt32() is > 0 and var n && n < everything.GetProperty("totalItems").GetInt32());
        Assert.All(football.GetProperty("items").EnumerateArray(), hit =>
            Assert.Contains(hit.GetProperty("article").GetProperty("category").GetProperty("slug").GetString(), new[] { "رياضة", "كرة-القدم" }));
        Assert.Equal([SeedArticle.Slug], ArticleField(tagged, "slug"));
        Assert.All(ArticleField(window, "publishedAt"), at => Assert.StartsWith("2024-11-", at, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_article_list_with_q_uses_the_same_engine()
    {
        var search = await (await _client.GetAsync($"/api/v1/search?pageSize=100&q={Q("الدفاع")}")).JsonAsync();
        var list = await (await _client.GetAsync($"/api/v1/articles?pageSize=100&q={Q("الدفاع")}")).JsonAsync();
        var newest = await (await _client.GetAsync($"/api/v1/articles?pageSize=100&sort=newest&q={Q("الدفاع")}")).JsonAsync();

        Assert.Equal(ArticleField(search, "slug"), list.GetProperty("items").Strings("slug"));
        Assert.Equal(search.GetProperty("totalItems").GetInt32(), list.GetProperty("totalItems").GetInt32());
        var dates = newest.GetProperty("items").Strings("publishedAt");
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
    }

    [Fact]
    public async Task An_empty_q_on_the_article_list_means_no_search()
    {
        var all = await (await _client.GetAsync("/api/v1/articles?pageSize=100")).JsonAsync();
        var empty = await (await _client.GetAsync("/api/v1/articles?pageSize=100&q=%20")).JsonAsync();

        Assert.Equal(all.GetProperty("totalItems").GetInt32(), empty.GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task Relevance_order_without_q_is_refused_on_the_article_list()
    {
        var problem = await (await _client.GetAsync("/api/v1/articles?sort=relevance")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("relevance", problem.GetProperty("errors").GetProperty("sort")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/search")]
    [InlineData("/api/v1/search?q=")]
    [InlineData("/api/v1/search?q=%20%20%09")]
    public async Task Search_without_words_is_a_problem_naming_q(string url)
    {
        var problem = await (await _client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("required", problem.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_of_stop_words_only_gets_a_helpful_message_in_the_readers_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/search?q={Q("في من على")}");
        request.Headers.AcceptLanguage.ParseAdd("ar");

        var problem = await (await _client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);
        var english = await (await _client.GetAsync($"/api/v1/search?q={Q("في من على")}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("كلمات شائعة", problem.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("common words", english.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_words_beside_a_real_word_are_left_out_rather_than_required()
    {
        var plain = await (await _client.GetAsync($"/api/v1/search?q={Q("القاهرة")}")).JsonAsync();
        var withStopWords = await (await _client.GetAsync($"/api/v1/search?q={Q("في القاهرة من")}")).JsonAsync();

        Assert.Equal(ArticleField(plain, "slug"), ArticleField(withStopWords, "slug"));
    }

    [Fact]
    public async Task An_unknown_sort_is_refused()
    {
        var problem = await (await _client.GetAsync($"/api/v1/search?sort=popular&q={Q("الروسي")}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("sort", out _));
    }
}
