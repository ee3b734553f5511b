using System.Net;
using NewsApi.Tests.Contract;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Http;

/// <summary>
/// The API refuses query parameters an operation does not declare (a misspelt filter must not answer the unfiltered
/// list, and random ones must not force fresh answers); feeds and sitemaps ignore them and keep them out of the cache key.
/// </summary>
public sealed class UnknownQueryParameterTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static HttpRequestMessage Get(string path, string language)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return request;
    }

    [Theory]
    [InlineData("/api/v1/articles?categroy=x", "categroy", "page, pageSize")]
    [InlineData("/api/v1/articles/1?utm_source=newsletter", "utm_source", "include")]
    [InlineData("/api/v1/categories?pageSize=5&sort=name", "sort", "pageSize")]
    [InlineData("/api/v1/search?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7&cache_buster=81723", "cache_buster", "q")]
    [InlineData("/api/v1/articles/1/related?limit=3&x=1", "x", "limit")]
    [InlineData("/api/v1/articles/1/comments?sort=newest", "sort", "page")]
    public async Task An_unknown_query_parameter_is_a_400_problem_naming_it_in_English(string path, string unknown, string acceptedHint)
    {
        using var request = Get(path, "en");

        var problem = await (await _client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal([unknown], errors.EnumerateObject().Select(e => e.Name));
        var message = errors.GetProperty(unknown)[0].GetString()!;
        Assert.StartsWith("Not a query parameter of this operation, which takes: ", message, StringComparison.Ordinal);
        Assert.Contains(acceptedHint.Split(", ")[0], message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_query_parameter_is_named_in_Arabic_for_an_Arabic_client()
    {
        using var request = Get("/api/v1/tags?page=1&order=desc", "ar");

        var problem = await (await _client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("قيمة واحدة أو أكثر في الطلب غير صالحة.", problem.GetProperty("title").GetString());
        Assert.Equal("ليس معاملًا تقبله هذه العملية، ومعاملاتها: page، pageSize.", problem.GetProperty("errors").GetProperty("order")[0].GetString());
    }

    [Fact]
    public async Task Every_unknown_parameter_of_a_request_is_named_and_a_route_without_parameters_says_it_takes_none()
    {
        var problem = await (await _client.GetAsync("/api/v1/categories/" + Uri.EscapeDataString(SeedArticle.CategorySlug) + "?a=1&b=2"))
            .ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["a", "b"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Not a query parameter of this operation, which takes none.", errors.GetProperty("a")[0].GetString());
    }

    [Fact]
    public async Task Declared_parameters_are_accepted_whatever_their_case_as_the_binder_reads_them()
    {
        var body = await (await _client.GetAsync("/api/v1/articles?PageSize=1&PAGE=1")).JsonAsync();

        Assert.Equal(1, body.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task The_admin_API_refuses_unknown_query_parameters_too()
    {
        var editor = factory.CreateEditorClient();

        var problem = await (await editor.GetAsync("/api/v1/admin/articles?status=draft&include_deleted=true")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("include_deleted", out _));
    }

    [Theory]
    [InlineData("/feeds/rss.xml")]
    [InlineData("/feeds/feed.json")]
    [InlineData("/sitemap.xml")]
    [InlineData("/sitemaps/news.xml")]
    public async Task Feeds_and_sitemaps_ignore_tracking_parameters_and_answer_them_from_the_cache(string path)
    {
        var plain = await _client.GetAsync(path);
        var tracked = await _client.GetAsync($"{path}?utm_source=reader&utm_x={Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        // The output cache stamps what it serves with Age: a random parameter did not force a fresh answer.
        Assert.NotNull(tracked.Headers.Age);
        Assert.Equal(await plain.Content.ReadAsStringAsync(), await tracked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_operation_of_the_API_documents_the_400_of_an_unknown_parameter()
    {
        var contract = await ServedContract.LoadAsync(_client);

        var api = contract.Operations.Where(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();

        Assert.True(api.Count >= 30, $"only {api.Count} operations under /api/v1");
        Assert.Empty(api.Where(o => !o.Responses.ContainsKey(400)).Select(o => o.ToString()));
    }
}
