using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Admin;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Admin;

public sealed class AuthorizationTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    /// <summary>Every admin route in the running app, with the scope it needs.</summary>
    public static TheoryData<string, string, string> AdminRoutes()
    {
        using var factory = new NewsApiFactory();
        var data = new TheoryData<string, string, string>();
        foreach (var route in factory.Routes().Where(r => r.Pattern.StartsWith("/api/v1/admin", StringComparison.Ordinal)))
        {
            var scope = route.Endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
                .Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "";
            data.Add(route.Method, route.Pattern.Replace("{id:int}", "1", StringComparison.Ordinal).Replace("{deliveryId:long}", "1", StringComparison.Ordinal), scope);
        }

        return data;
    }

    private static HttpRequestMessage Request(string method, string path, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    [Fact]
    public void The_admin_route_table_is_not_empty_and_every_route_names_a_scope()
    {
        var routes = AdminRoutes();

        Assert.True(routes.Count >= 7);
        Assert.All(routes, row => Assert.Contains((string)row[2], ApiKeyStore.KnownScopes));
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Every_admin_route_refuses_a_request_without_a_key(string method, string path, string scope)
    {
        _ = scope;
        using var request = Request(method, path, key: null);

        var response = await factory.CreateClient().SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Every_admin_route_refuses_an_unknown_key(string method, string path, string scope)
    {
        _ = scope;
        using var request = Request(method, path, key: "nk_not-a-real-key");

        await (await factory.CreateClient().SendAsync(request)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Every_admin_route_refuses_a_key_without_its_scope(string method, string path, string scope)
    {
        var other = ApiKeyStore.KnownScopes.First(s => s != scope);
        var key = factory.Services.GetRequiredService<ApiKeyStore>().Create("wrong scope", [other]);
        using var request = Request(method, path, key.Secret);

        await (await factory.CreateClient().SendAsync(request)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Every_admin_route_lets_a_key_with_its_scope_through(string method, string path, string scope)
    {
        var key = factory.Services.GetRequiredService<ApiKeyStore>().Create("right scope", [scope]);
        using var request = Request(method, path, key.Secret);

        var response = await factory.CreateClient().SendAsync(request);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{method} {path}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var store = factory.Services.GetRequiredService<ApiKeyStore>();
        var key = store.Create("to revoke", [ApiKeyStore.ContentWrite]);
        using var before = Request("GET", "/api/v1/admin/articles", key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(before)).StatusCode);

        Assert.True(store.Revoke(key.Info.Id));

        using var after = Request("GET", "/api/v1/admin/articles", key.Secret);
        await (await factory.CreateClient().SendAsync(after)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Only_the_hash_of_a_key_is_stored()
    {
        var key = factory.Services.GetRequiredService<ApiKeyStore>().Create("hash check", [ApiKeyStore.ContentWrite]);
        using var db = factory.OpenDatabase();

        var stored = Dapper.SqlMapper.ExecuteScalar<string>(db, "SELECT key_hash FROM api_keys WHERE id = @Id", new { key.Info.Id });

        Assert.NotEqual(key.Secret, stored);
        Assert.DoesNotContain(key.Secret, stored, StringComparison.Ordinal);
        Assert.Equal(64, stored!.Length);
    }
}
