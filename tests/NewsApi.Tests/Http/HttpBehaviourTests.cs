using System.Net;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Http;

public sealed class HttpBehaviourTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Responses_carry_security_headers_and_no_server_header()
    {
        var response = await _client.GetAsync("/api/v1/articles");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Responses_are_compressed_when_the_client_accepts_it(string encoding)
    {
        using var client = factory.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        request.Headers.AcceptEncoding.ParseAdd(encoding);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task Any_origin_may_read_public_routes_by_default()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        request.Headers.Add("Origin", "https://front.example");

        var response = await _client.SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    // Found by contract fuzzing: with an Accept naming no JSON type the framework's problem writer stood aside, so
    // routing's 404 came back as text/plain, an unreadable body as an empty 400, and our problems lost traceId.
    [Theory]
    [InlineData("GET", "/no/such/route", "text/html", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/articles/no-such-article", "image/png", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/articles?pageSize=0", "application/xml", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/admin/articles", "text/html", HttpStatusCode.BadRequest)]
    public async Task Problems_are_json_whatever_the_client_accepts(string method, string path, string accept, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd(accept);
        var client = path.Contains("/admin/", StringComparison.Ordinal) ? factory.CreateEditorClient() : _client;
        if (method == "POST")
        {
            request.Content = new StringContent("", System.Text.Encoding.UTF8, "application/json");
        }

        await (await client.SendAsync(request)).ProblemAsync(status);
    }
}
