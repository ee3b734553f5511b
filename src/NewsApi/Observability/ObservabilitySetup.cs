using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using NewsApi.Http;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NewsApi.Observability;

/// <summary>
/// OpenTelemetry, the Prometheus endpoint and the console log format. Nothing of OpenTelemetry is registered unless
/// something will export it: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (traces and metrics; the other standard
/// <c>OTEL_*</c> variables then apply), Prometheus when <c>NewsApi:Metrics:Prometheus</c> is true (metrics). Otherwise no
/// listener samples requests and no exporter thread runs, so the cached read path pays nothing for it.
/// </summary>
public static class ObservabilitySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    /// <summary>The service name traces and metrics carry when <c>OTEL_SERVICE_NAME</c> does not name one.</summary>
    public const string DefaultServiceName = "newsapi";

    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddNewsApiObservability(this WebApplicationBuilder builder)
    {
        // Production's JSON console logs (appsettings.Production.json) keep Arabic slugs and titles readable rather
        // than \uXXXX-escaped, as the API's own JSON does; quotes and control characters stay escaped.
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
            options.JsonWriterOptions = options.JsonWriterOptions with { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });

        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        var prometheus = configuration.GetValue<bool>($"{NewsApiOptions.Section}:Metrics:Prometheus");
        if (!otlp && !prometheus)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                configuration[ServiceNameVariable] is { Length: > 0 } named ? named : DefaultServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(NewsApiMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation();
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }

            if (prometheus)
            {
                metrics.AddPrometheusExporter();
            }
        });

        // Traces only go out by OTLP; Prometheus has no place for them.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(NewsApiMetrics.Name)
                // Probes and scrapes come every few seconds and say nothing about readers: kept out of traces.
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c> when <c>NewsApi:Metrics:Prometheus</c> is true; absent (404) otherwise. Outside <c>/api/v1</c>,
    /// so no output cache, CORS, query rules or limits apply, and out of the OpenAPI document. It answers only clients on
    /// loopback or in <c>NewsApi:Metrics:AllowedNetworks</c> and 404 to every other: comment outcomes (duplicates,
    /// spam) and cache rates are for operators, and counters a stranger could watch move would tell them what their own
    /// requests caused.
    /// </summary>
    public static WebApplication MapNewsApiMetrics(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<NewsApiOptions>>().Value.Metrics;
        if (!settings.Prometheus)
        {
            return app;
        }

        var allowed = AddressRanges.Parse(settings.AllowedNetworks, "NewsApi:Metrics:AllowedNetworks");
        app.MapPrometheusScrapingEndpoint(
                MetricsPath,
                app.Services.GetRequiredService<MeterProvider>(),
                branch => branch.Use((context, next) =>
                {
                    if (allowed.AllowsLoopbackOr(context.Connection.RemoteIpAddress))
                    {
                        return next(context);
                    }

                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }),
                Options.DefaultName)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .ExcludeFromDescription();
        return app;
    }
}
