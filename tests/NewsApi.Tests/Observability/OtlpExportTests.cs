using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Comments;
using NewsApi.Tests.Infrastructure;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace NewsApi.Tests.Observability;

/// <summary>
/// OTLP export follows <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: unset, nothing of OpenTelemetry is registered (no provider,
/// no exporter, no background thread); set, traces and metrics reach a real OTLP/HTTP receiver on loopback, with the
/// service name and NewsApi's own spans and instruments in them.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void Without_an_otlp_endpoint_or_prometheus_no_telemetry_provider_or_exporter_is_registered()
    {
        using var factory = new NewsApiFactory();
        var services = Capture(factory, out var host);
        using (host)
        {
            Assert.Null(host.Services.GetService<TracerProvider>());
            Assert.Null(host.Services.GetService<MeterProvider>());
            Assert.DoesNotContain(services(), IsOtlp);
        }
    }

    [Fact]
    public void With_prometheus_alone_metrics_are_collected_but_nothing_is_registered_for_otlp()
    {
        using var factory = new NewsApiFactory().With("NewsApi:Metrics:Prometheus", "true");
        var services = Capture(factory, out var host);
        using (host)
        {
            Assert.NotNull(host.Services.GetService<MeterProvider>());
            Assert.Null(host.Services.GetService<TracerProvider>());
            Assert.DoesNotContain(services(), IsOtlp);
        }
    }

    [Fact]
    public async Task With_an_otlp_endpoint_traces_and_metrics_reach_the_collector()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using var factory = new NewsApiFactory()
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Address.ToString())
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .With("NewsApi:Comments:RateLimit:PermitLimit", "0");
        var services = Capture(factory, out var host);
        using (host)
        {
            Assert.Contains(services(), IsOtlp);
            var client = host.CreateClient();
            await client.GetAsync("/api/v1/categories");
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid("otlp@example.com"))).StatusCode);

            Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
            Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

            var traces = collector.Received("/v1/traces");
            var metrics = collector.Received("/v1/metrics");
            Assert.Contains("newsapi", traces, StringComparison.Ordinal); // service.name
            Assert.Contains("database write", traces, StringComparison.Ordinal); // NewsApi's own span around the comment's write
            Assert.Contains("/api/v1/categories", traces, StringComparison.Ordinal); // ASP.NET Core's server span
            Assert.Contains("newsapi.comments.submissions", metrics, StringComparison.Ordinal);
            Assert.Contains("newsapi.output_cache.lookups", metrics, StringComparison.Ordinal);
        }
    }

    // Registrations of the OTLP exporter: its options and its exporters are named after it.
    private static bool IsOtlp(ServiceDescriptor descriptor) =>
        Mentions(descriptor.ServiceType) || Mentions(descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType);

    private static bool Mentions(Type? type) =>
        type is not null && (type.FullName?.Contains("Otlp", StringComparison.Ordinal) == true || type.GenericTypeArguments.Any(Mentions));

    /// <summary>Starts the host and hands back the service collection it was built from.</summary>
    private static Func<IServiceCollection> Capture(NewsApiFactory factory, out WebApplicationFactory<Program> host)
    {
        IServiceCollection? captured = null;
        host = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => captured = services));
        _ = host.Services;
        return () => captured ?? throw new InvalidOperationException("The host did not configure its services.");
    }

    /// <summary>An OTLP/HTTP receiver on loopback that keeps every request body (protobuf: its strings are plain UTF-8).</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _requests = new();

        private OtlpCollector(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._requests.Enqueue((context.Request.Path.Value!, body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            collector.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return collector;
        }

        /// <summary>Everything received on <paramref name="path"/>, as text.</summary>
        public string Received(string path) =>
            string.Concat(_requests.Where(request => request.Path == path).Select(request => Encoding.UTF8.GetString(request.Body)));

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
