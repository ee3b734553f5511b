using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Contract;

/// <summary>The route table and the served OpenAPI document describe the same operations.</summary>
public sealed class RouteTableContractTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Fact]
    public async Task Every_route_is_documented_and_every_documented_operation_is_a_route()
    {
        var contract = await ServedContract.LoadAsync(factory.CreateClient());
        var documented = contract.Operations.Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);

        // The document itself and the Swagger UI are middleware, not endpoints; an endpoint hidden with
        // ExcludeFromDescription would be left out on purpose (none is today, and the count below would show one).
        var routes = factory.Routes()
            .Where(r => !r.Pattern.StartsWith("/openapi", StringComparison.Ordinal) && !r.Pattern.StartsWith("/docs", StringComparison.Ordinal))
            .ToList();
        Assert.DoesNotContain(routes, r => r.IsExcludedFromDescription);
        var served = routes.Select(r => $"{r.Method} {r.OpenApiPath}").ToHashSet(StringComparer.Ordinal);

        Assert.True(served.Count >= 40, $"only {served.Count} routes found");
        Assert.Empty(served.Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(served).Order(StringComparer.Ordinal));
    }
}
