using System.Net;
using System.Text.RegularExpressions;
using NewsApi.Tests.Comments;
using NewsApi.Tests.Infrastructure;
using NewsApi.Tests.Reliability;

namespace NewsApi.Tests.Observability;

/// <summary>
/// <c>GET /metrics</c> (NewsApi:Metrics:Prometheus): the NewsApi instruments in Prometheus' text format, from the real
/// server as a process of its own on the engine under test: loopback and the allowed networks may read it, everyone else
/// gets 404, and with the setting off the route does not exist. (A process, not an in-process host: OpenTelemetry
/// listens to meters by name, so a test host's /metrics would also count every other host the test run has open.)
/// </summary>
public sealed partial class PrometheusEndpointTests(PrometheusEndpointTests.MetricsServer server) : IClassFixture<PrometheusEndpointTests.MetricsServer>
{
    /// <summary>One server with /metrics on (and 10.0.0.0/8 allowed), on a database of its own, for the whole class.</summary>
    public sealed class MetricsServer : IAsyncLifetime
    {
        private readonly TempDatabase _file = new();
        private string? _postgres;

        public ServerProcess Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var settings = new Dictionary<string, string>
            {
                ["NewsApi__Metrics__Prometheus"] = "true",
                ["NewsApi__Metrics__AllowedNetworks__0"] = "10.0.0.0/8",
                ["NewsApi__Search__RateLimit__PermitLimit"] = "0",
            };
            if (TestEngine.IsPostgres)
            {
                _postgres = PostgresServer.CreateDatabase();
                settings["NewsApi__Database__Provider"] = "Postgres";
                settings["ConnectionStrings__News"] = _postgres;
            }

            Process = await ServerProcess.StartAsync(_file.FilePath, settings);
        }

        public Task DisposeAsync()
        {
            Process.Dispose();
            if (_postgres is not null)
            {
                PostgresServer.DropDatabase(_postgres);
            }

            _file.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_metrics_endpoint_counts_cache_hits_and_misses_comment_outcomes_and_searches()
    {
        using var client = server.Process.CreateClient();
        var email = $"metrics-{Guid.NewGuid():N}@example.com";
        var before = await ScrapeAsync(client);

        // A query no other test asks: the first answer is computed and stored (a miss), the second is a hit.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles?pageSize=7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles?pageSize=7")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid(email))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid(email))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/search?pageSize=3&q=" + Uri.EscapeDataString("الروسي"))).StatusCode);
        var after = await ScrapeAsync(client);

        Assert.True(Sample("newsapi_output_cache_lookups_total", "result=\"hit\"", after) - Sample("newsapi_output_cache_lookups_total", "result=\"hit\"", before) >= 1, after);
        Assert.True(Sample("newsapi_output_cache_lookups_total", "result=\"miss\"", after) - Sample("newsapi_output_cache_lookups_total", "result=\"miss\"", before) >= 1, after);
        Assert.Equal(1, Sample("newsapi_comments_submissions_total", "outcome=\"pending\"", after) - Sample("newsapi_comments_submissions_total", "outcome=\"pending\"", before));
        Assert.Equal(1, Sample("newsapi_comments_submissions_total", "outcome=\"duplicate\"", after) - Sample("newsapi_comments_submissions_total", "outcome=\"duplicate\"", before));
        Assert.Equal(1, Sample("newsapi_search_duration_seconds_count", "", after) - Sample("newsapi_search_duration_seconds_count", "", before));
        var engine = $"db_system_name=\"{(TestEngine.IsPostgres ? "postgresql" : "sqlite")}\"";
        Assert.True(Sample("newsapi_db_write_duration_seconds_count", engine, after) - Sample("newsapi_db_write_duration_seconds_count", engine, before) >= 2, after);
        if (!TestEngine.IsPostgres)
        {
            // SQLite's single writer: every write queued for its turn, however briefly.
            Assert.True(Sample("newsapi_db_write_queue_wait_seconds_count", "", after) - Sample("newsapi_db_write_queue_wait_seconds_count", "", before) >= 2, after);
        }

        // The framework's own HTTP metrics come along.
        Assert.Contains("http_server_request_duration_seconds", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_endpoint_is_not_output_cached_not_documented_and_sends_the_security_headers()
    {
        using var client = server.Process.CreateClient();

        var response = await client.GetAsync("/metrics");
        var first = await response.Content.ReadAsStringAsync();
        await client.GetAsync($"/api/v1/articles?pageSize={Random.Shared.Next(8, 100)}");
        var second = await ScrapeAsync(client);
        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(response.Headers.Contains("Surrogate-Key"));
        Assert.True(Sample("newsapi_output_cache_lookups_total", "result=\"miss\"", second) > Sample("newsapi_output_cache_lookups_total", "result=\"miss\"", first), second);
        Assert.DoesNotContain("/metrics", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync("/metrics", null)).StatusCode);
    }

    [Fact]
    public async Task A_client_that_is_not_on_loopback_or_an_allowed_network_gets_404()
    {
        using var client = server.Process.CreateClient();

        // Loopback is a trusted proxy, so X-Forwarded-For names the client: as the public proxy would relay a reader.
        var stranger = await SendFromAsync(client, "203.0.113.7");
        var allowed = await SendFromAsync(client, "10.1.2.3");
        var direct = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.DoesNotContain("newsapi_", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
    }

    [Fact]
    public async Task With_prometheus_off_there_is_no_metrics_route()
    {
        using var factory = new NewsApiFactory().With("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0");
        factory.UseKestrel();
        factory.StartServer();
        var client = factory.CreateClient();
        await client.GetAsync("/api/v1/categories");

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("newsapi_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // The exporter answers a scrape again from its own copy for 300 ms: wait that out, so a scrape sees what came before it.
    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> SendFromAsync(HttpClient client, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", address);
        return client.SendAsync(request);
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels contain <paramref name="labels"/>; 0 when none.</summary>
    private static double Sample(string metric, string labels, string exposition) =>
        SampleLine().Matches(exposition)
            .Where(line => line.Groups["name"].Value == metric && line.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal))
            .Sum(line => double.Parse(line.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)")]
    private static partial Regex SampleLine();
}
