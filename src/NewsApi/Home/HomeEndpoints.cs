using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NewsApi.Http;
using NewsApi.OpenApi;

namespace NewsApi.Home;

/// <summary>What the service is and where to start.</summary>
/// <param name="Name">Always <c>NewsApi</c>.</param>
/// <param name="Version">The running build's version.</param>
/// <param name="Links">Host-relative links to the documentation, the API and the feeds.</param>
public sealed record HomeIndex(string Name, string Version, HomeLinks Links);

/// <param name="Docs">The interactive API documentation (Swagger UI); absent when the docs are turned off.</param>
/// <param name="OpenApi">The OpenAPI document; absent when the docs are turned off.</param>
/// <param name="Articles">The newest published articles.</param>
/// <param name="Rss">RSS 2.0 feed of the newest articles.</param>
/// <param name="JsonFeed">JSON Feed 1.1 of the same.</param>
/// <param name="Sitemap">Sitemap of every published article.</param>
/// <param name="Health">Readiness probe.</param>
public sealed record HomeLinks(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Docs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OpenApi,
    string Articles,
    string Rss,
    string JsonFeed,
    string Sitemap,
    string Health);

public static class HomeEndpoints
{
    // Informational version without the "+commit" build metadata the SDK may append.
    private static readonly string Version =
        typeof(HomeEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static RouteHandlerBuilder MapHome(this IEndpointRouteBuilder app) =>
        app.MapGet("/", GetIndex)
            .AddEndpointFilter<ConditionalGetFilter>()
            .CacheOutput(PublicOutputCachePolicy.Name)
            .RequireCors(HttpSetup.PublicCorsPolicy)
            .WithTags("Home")
            .WithName("getIndex")
            .WithSummary("Where to start")
            .WithDescription("""
                A small index for someone opening the service's address: its name and version, and host-relative links to
                the documentation (`/docs`, `/openapi/v1.json`, left out when `NewsApi:Docs:Enabled` is false), the article
                list, the RSS and JSON feeds, the sitemap and the readiness probe. Cached and revalidated like every public GET.
                """);

    public static Ok<HomeIndex> GetIndex(IOptions<NewsApiOptions> options)
    {
        var docs = options.Value.Docs.Enabled;
        return TypedResults.Ok(new HomeIndex("NewsApi", Version, new HomeLinks(
            Docs: docs ? "/docs" : null,
            OpenApi: docs ? OpenApiSetup.DocumentPath : null,
            Articles: "/api/v1/articles",
            Rss: "/feeds/rss.xml",
            JsonFeed: "/feeds/feed.json",
            Sitemap: "/sitemap.xml",
            Health: "/health/ready")));
    }
}
