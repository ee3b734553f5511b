using System.Net;
using System.Text.RegularExpressions;
using NewsApi.Tests.Comments;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Observability;

/// <summary>
/// <c>GET /metrics</c> (NewsApi:Metrics:Prometheus): the NewsApi instruments in Prometheus' text format, on real Kestrel
/// so the client address is a real one: loopback and the allowed networks may read it, everyone else gets 404, and with
/// the setting off the route does not exist.
/// </summary>
public sealed partial class PrometheusEndpointTests
{
    private static NewsApiFactory OnKestrel(bool prometheus, params (string Key, string Value)[] settings)
    {
        var factory = CommentTestData.Unthrottled()
            .With("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0")
            .With("NewsApi:Metrics:Prometheus", prometheus ? "true" : "false");
        foreach (var (key, value) in settings)
        {
            factory.With(key, value);
        }

        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    [Fact]
    public async Task The_metrics_endpoint_counts_cache_hits_and_misses_comment_outcomes_and_searches()
    {
        using var factory = OnKestrel(prometheus: true);
        var client = factory.CreateClient();

        // The first answer is computed and stored (a miss), the second comes from the output cache (a hit).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/categories")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/categories")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid("metrics@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid("metrics@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("الروسي"))).StatusCode);

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(Sample("newsapi_output_cache_lookups_total", "result", "hit", text) >= 1, text);
        Assert.True(Sample("newsapi_output_cache_lookups_total", "result", "miss", text) >= 1, text);
        Assert.Equal(1, Sample("newsapi_comments_submissions_total", "outcome", "pending", text));
        Assert.Equal(1, Sample("newsapi_comments_submissions_total", "outcome", "duplicate", text));
        Assert.Matches(@"(?m)^newsapi_search_duration_seconds_count(\{[^}]*\})? 1\b", text);
        Assert.Matches(@"(?m)^newsapi_db_write_duration_seconds_count\{[^}]*db_system_name=""" + (TestEngine.IsPostgres ? "postgresql" : "sqlite") + @"""[^}]*\} [1-9]", text);
        if (!TestEngine.IsPostgres)
        {
            // SQLite's single writer: every write queued for its turn, however briefly.
            Assert.Matches(@"(?m)^newsapi_db_write_queue_wait_seconds_count(\{[^}]*\})? [1-9]", text);
        }

        // The framework's own HTTP metrics come along.
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_endpoint_is_neither_cached_nor_documented_and_sends_the_security_headers()
    {
        using var factory = OnKestrel(prometheus: true);
        var client = factory.CreateClient();

        var first = await client.GetAsync("/metrics");
        await client.GetAsync("/api/v1/categories");
        await Task.Delay(TimeSpan.FromMilliseconds(400)); // past the exporter's own 300 ms reuse of a scrape
        var second = await (await client.GetAsync("/metrics")).Content.ReadAsStringAsync();
        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(first.Headers.Contains("Surrogate-Key"));
        Assert.True(Sample("newsapi_output_cache_lookups_total", "result", "miss", second) >= 1, second);
        Assert.DoesNotContain("/metrics", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_is_not_on_loopback_or_an_allowed_network_gets_404()
    {
        using var factory = OnKestrel(prometheus: true, ("NewsApi:Metrics:AllowedNetworks:0", "10.0.0.0/8"));
        var client = factory.CreateClient();

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
        using var factory = OnKestrel(prometheus: false);
        var client = factory.CreateClient();
        await client.GetAsync("/api/v1/categories");

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("newsapi_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendFromAsync(HttpClient client, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", address);
        return client.SendAsync(request);
    }

    /// <summary>The value of the sample of <paramref name="metric"/> whose label has the value given, or 0 when none.</summary>
    private static double Sample(string metric, string label, string value, string exposition)
    {
        foreach (Match line in SampleLine().Matches(exposition))
        {
            if (line.Groups["name"].Value == metric && line.Groups["labels"].Value.Contains($"{label}=\"{value}\"", StringComparison.Ordinal))
            {
                return double.Parse(line.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>[0-9.eE+-]+)")]
    private static partial Regex SampleLine();
}
