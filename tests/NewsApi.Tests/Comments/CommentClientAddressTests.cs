using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

/// <summary>X-Forwarded-For is believed only from a trusted proxy; the peer is simulated ahead of the app's middleware.</summary>
public sealed class CommentClientAddressTests
{
    private const string Proxy = "198.51.100.20";
    private const string Client = "203.0.113.50";

    private static async Task<string?> StoredAddressAsync(NewsApiFactory settings, string email)
    {
        using var factory = settings.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new PeerAddress(IPAddress.Parse(Proxy)))));
        using var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = JsonContent.Create(Valid(email)) };
        request.Headers.Add("X-Forwarded-For", Client);

        Assert.Equal(HttpStatusCode.Accepted, (await factory.CreateClient().SendAsync(request)).StatusCode);

        using var db = factory.OpenDatabaseAnyServer();
        return db.ExecuteScalar<string?>("SELECT client_address FROM comments WHERE author_email = @Email", new { Email = email });
    }

    [Fact]
    public async Task An_untrusted_peer_cannot_choose_the_client_address()
    {
        using var settings = Unthrottled();

        Assert.Equal(Proxy, await StoredAddressAsync(settings, "untrusted@example.com"));
    }

    [Fact]
    public async Task A_configured_proxy_network_forwards_the_client_address()
    {
        using var settings = Unthrottled().With("NewsApi:Http:TrustedProxies:0", "198.51.100.0/24");

        Assert.Equal(Client, await StoredAddressAsync(settings, "trusted@example.com"));
    }
}
