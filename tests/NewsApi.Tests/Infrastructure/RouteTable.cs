using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace NewsApi.Tests.Infrastructure;

/// <summary>One route of the running app and one HTTP method it answers.</summary>
public sealed record RouteEntry(string Method, string Pattern, RouteEndpoint Endpoint)
{
    /// <summary>The pattern as OpenAPI writes paths: route constraints dropped (<c>{id:int}</c> → <c>{id}</c>).</summary>
    public string OpenApiPath => System.Text.RegularExpressions.Regex.Replace(Pattern, @"\{([^}:?]+)[^}]*\}", "{$1}");

    /// <summary>Hidden from the OpenAPI document on purpose (<c>ExcludeFromDescription</c>).</summary>
    public bool IsExcludedFromDescription => Endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true;
}

/// <summary>The route table of the running app: every endpoint with HTTP method metadata, one entry per method.</summary>
public static class RouteTable
{
    public static IReadOnlyList<RouteEntry> Routes(this NewsApiFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => new RouteEntry(method, "/" + endpoint.RoutePattern.RawText!.Trim('/'), endpoint)))
            .ToList();
}
