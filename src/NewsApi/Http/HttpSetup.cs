using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace NewsApi.Http;

/// <summary>Cross-cutting HTTP behaviour: JSON, compression, CORS, languages and security headers.</summary>
public static class HttpSetup
{
    public const string PublicCorsPolicy = "public";

    public static IServiceCollection AddNewsApiHttp(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            // Arabic stays readable (not \uXXXX), while <, > and & stay escaped for safe embedding in HTML.
            options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, NewsApiJsonContext.Default);
            options.SerializerOptions.Converters.Add(new RequestTextConverter());
        });

        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json", "application/rss+xml", "application/feed+json"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);

        services.AddSingleton<DeclaredQueryParameters>();
        services.AddOutputCache(options =>
        {
            options.MaximumBodySize = 4L * 1024 * 1024;
            options.AddPolicy(PublicOutputCachePolicy.Name, new PublicOutputCachePolicy());
        });
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<NewsApiOptions>>((cache, newsApi) =>
            cache.SizeLimit = Math.Max(newsApi.Value.Http.OutputCacheSizeMiB, 1) * 1024L * 1024);

        // X-Forwarded-For is believed from loopback (the defaults) and from NewsApi:Http:TrustedProxies only.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NewsApiOptions>>((forwarded, newsApi) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var trusted = AddressRanges.Parse(newsApi.Value.Http.TrustedProxies, "NewsApi:Http:TrustedProxies");
            foreach (var address in trusted.Addresses)
            {
                forwarded.KnownProxies.Add(address);
            }

            foreach (var network in trusted.Networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<NewsApiOptions>>((cors, newsApi) => cors.AddPolicy(PublicCorsPolicy, policy =>
            {
                var origins = newsApi.Value.Cors.AllowedOrigins;
                if (origins.Length == 0 || origins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(origins);
                }

                policy.WithMethods("GET", "HEAD", "POST")
                    .WithHeaders("Content-Type", "Accept-Language", "If-None-Match", "If-Modified-Since", "Idempotency-Key", Comments.CommenterTokens.Header)
                    .WithExposedHeaders("ETag", "Last-Modified", "Link", "X-Total-Count", "Retry-After", "Content-Language", "Idempotent-Replayed");
            }));
        return services;
    }

    /// <summary>
    /// The security headers of every answer. Also called by the problem writer: the exception handler clears the
    /// response's headers before it writes its problem.
    /// </summary>
    public static void ApplySecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        if (!context.Request.Path.StartsWithSegments("/docs"))
        {
            // JSON and XML only: nothing here may run as a page. The Swagger UI at /docs needs its scripts.
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }
    }

    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto from trusted proxies. A forwarded scheme other than http or https (a proxy
    /// passing on what a client sent, e.g. <c>javascript</c>) is ignored, header and all, before the framework would
    /// make it the request's scheme and so the scheme of every link built from the request.
    /// </summary>
    public static WebApplication UseNewsApiForwardedHeaders(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            var headers = context.Request.Headers;
            var schemes = headers[ForwardedHeadersDefaults.XForwardedProtoHeaderName];
            if (schemes.Count > 0 && !schemes.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries))
                    .All(scheme => scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)))
            {
                headers.Remove(ForwardedHeadersDefaults.XForwardedProtoHeaderName);
            }

            return next(context);
        });
        app.UseForwardedHeaders();
        return app;
    }

    public static WebApplication UseNewsApiHttp(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            ApplySecurityHeaders(context);
            return next(context);
        });

        app.UseRequestLocalization(options =>
        {
            // Only the UI culture follows Accept-Language: it picks the words of messages. Formatting of numbers
            // and dates stays invariant whatever the client's language.
            options.SetDefaultCulture("en");
            options.AddSupportedUICultures("en", "ar");
            options.ApplyCurrentCultureToResponseHeaders = false;
        });
        // The output cache wraps compression, so it stores (and varies by) the compressed bytes.
        app.UseOutputCache();
        app.UseResponseCompression();
        app.UseCors();
        return app;
    }
}
