using System.Net;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Http;

public sealed class QueryValidationTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/api/v1/articles?pageSize=0", "pageSize")]
    [InlineData("/api/v1/articles?pageSize=1000", "pageSize")]
    [InlineData("/api/v1/articles?pageSize=abc", "pageSize")]
    [InlineData("/api/v1/articles?pageSize=99999999999999999999", "pageSize")]
    [InlineData("/api/v1/articles?page=-1", "page")]
    [InlineData("/api/v1/articles?page=0", "page")]
    [InlineData("/api/v1/articles?page=1.5", "page")]
    [InlineData("/api/v1/articles?from=not-a-date", "from")]
    [InlineData("/api/v1/articles?to=2024-13-45", "to")]
    [InlineData("/api/v1/articles?from=2024-11-30&to=2024-11-01", "from")]
    [InlineData("/api/v1/articles?sort=popular", "sort")]
    [InlineData("/api/v1/categories?pageSize=0", "pageSize")]
    [InlineData("/api/v1/tags?page=abc", "page")]
    [InlineData("/api/v1/authors?pageSize=101", "pageSize")]
    public async Task A_bad_query_value_is_a_400_problem_naming_the_parameter(string path, string parameter)
    {
        var problem = await (await _client.GetAsync(path)).ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        var messages = errors.GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, message => Assert.Contains($"'{parameter}'", message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validation_messages_are_in_Arabic_when_the_client_asks_for_Arabic()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles?pageSize=abc");
        request.Headers.AcceptLanguage.ParseAdd("ar");

        var problem = await (await _client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("قيمة واحدة أو أكثر في الطلب غير صالحة.", problem.GetProperty("title").GetString());
        Assert.Equal("يجب أن تكون قيمة 'pageSize' عددًا صحيحًا من 1 إلى 100.", problem.GetProperty("errors").GetProperty("pageSize")[0].GetString());
    }

    [Fact]
    public async Task Validation_messages_are_in_English_by_default()
    {
        var problem = await (await _client.GetAsync("/api/v1/articles?pageSize=abc")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("'pageSize' must be a whole number from 1 to 100.", problem.GetProperty("errors").GetProperty("pageSize")[0].GetString());
    }

    [Theory]
    [InlineData("/api/v1/articles?pageSize=%D9%A5", 5)]
    [InlineData("/api/v1/articles?pageSize=3&page=%D9%A2", 3)]
    public async Task Arabic_Indic_digits_are_accepted_as_numbers(string path, int expectedPageSize)
    {
        var body = await (await _client.GetAsync(path)).JsonAsync();

        Assert.Equal(expectedPageSize, body.GetProperty("pageSize").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/articles?category=%00%01")]
    [InlineData("/api/v1/articles?tag=%27%3B%20DROP%20TABLE%20articles%3B--")]
    [InlineData("/api/v1/articles?author=%FF%FE%FD")]
    [InlineData("/api/v1/categories/%27%20OR%201%3D1--")]
    [InlineData("/api/v1/articles?to=9999-12-31T23%3A59%3A59Z")] // found by contract fuzzing: the day after overflowed
    [InlineData("/api/v1/articles?to=9999-12-31")]
    [InlineData("/api/v1/search?q=%D9%83%D9%88%D8%B1%D9%8A%D8%A7&to=9999-12-31")]
    public async Task Hostile_filter_values_are_answered_without_a_server_error(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.True((int)response.StatusCode < 500, $"{path} gave {(int)response.StatusCode}");
    }
}
