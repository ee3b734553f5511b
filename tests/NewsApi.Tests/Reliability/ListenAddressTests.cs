using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using NewsApi.Http;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// The listening address follows ASP.NET Core's conventions: the real process listens where <c>--urls</c>,
/// <c>ASPNETCORE_URLS</c> or <c>ASPNETCORE_HTTP_PORTS</c> say, and http://localhost:5080 applies only when nothing
/// names an address (decided by <see cref="DefaultListenAddress"/>, tested here without binding 5080, which another
/// process on the machine may hold).
/// </summary>
public sealed class ListenAddressTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_server_listens_where_the_urls_argument_says()
    {
        using var server = await ServerProcess.StartAsync(_database.FilePath, arguments: ["--urls", "http://127.0.0.1:0"]);

        await AssertServesOnLoopbackAsync(server, port: null);
    }

    [Fact]
    public async Task The_server_listens_where_ASPNETCORE_URLS_says()
    {
        using var server = await ServerProcess.StartAsync(_database.FilePath, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });

        await AssertServesOnLoopbackAsync(server, port: null);
    }

    [Fact]
    public async Task The_server_listens_on_the_port_ASPNETCORE_HTTP_PORTS_names()
    {
        var port = FreePort();
        using var server = await ServerProcess.StartAsync(_database.FilePath, new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        await AssertServesOnLoopbackAsync(server, port);
    }

    [Fact]
    public void Localhost_5080_is_the_address_only_when_no_convention_names_one()
    {
        Assert.Equal("http://localhost:5080", DefaultListenAddress.For(Configuration()));
        Assert.Null(DefaultListenAddress.For(Configuration(("urls", "http://127.0.0.1:9000"))));
        Assert.Null(DefaultListenAddress.For(Configuration(("http_ports", "8080"))));
        Assert.Null(DefaultListenAddress.For(Configuration(("https_ports", "8443"))));
        Assert.Null(DefaultListenAddress.For(Configuration(("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:9000"))));
        Assert.Equal("http://localhost:5080", DefaultListenAddress.For(Configuration(("urls", " "))));
    }

    [Fact]
    public void The_shipped_settings_name_no_Kestrel_endpoint_that_would_override_the_conventions()
    {
        var shipped = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json").Build();

        Assert.Empty(shipped.GetSection("Kestrel:Endpoints").GetChildren());
        Assert.Equal("http://localhost:5080", DefaultListenAddress.For(shipped));
    }

    private static async Task AssertServesOnLoopbackAsync(ServerProcess server, int? port)
    {
        Assert.True(server.BaseAddress.Host == "127.0.0.1", $"listening on {server.BaseAddress}\n{server.Output}");
        Assert.NotEqual(5080, server.BaseAddress.Port);
        if (port is { } expected)
        {
            Assert.Equal(expected, server.BaseAddress.Port);
        }

        using var client = server.CreateClient();
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    // Chosen here (asked of the OS, then released for the server to take), so the test can check the server took the
    // very port it was told.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
