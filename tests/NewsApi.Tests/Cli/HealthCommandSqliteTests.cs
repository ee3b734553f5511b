using System.Diagnostics;
using NewsApi.Cli;
using NewsApi.Tests.Reliability;

namespace NewsApi.Tests.Cli;

/// <summary>
/// <c>NewsApi health</c>, the container's health check (the runtime image has no curl): exit 0 when the server it asks
/// is ready, 1 when nothing answers; by default it asks the port the server's own variables name. Against a real
/// server on a SQLite file (the probe does not depend on the engine).
/// </summary>
public sealed class HealthCommandSqliteTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(null, "8080", "http://127.0.0.1:8080/health/ready")]
    [InlineData(null, "9000;9001", "http://127.0.0.1:9000/health/ready")]
    [InlineData("http://+:7000", null, "http://127.0.0.1:7000/health/ready")]
    [InlineData("http://0.0.0.0:7001;http://[::]:7002", "8080", "http://127.0.0.1:7001/health/ready")]
    [InlineData("http://localhost:7003", null, "http://localhost:7003/health/ready")]
    [InlineData(null, null, "http://localhost:5080/health/ready")]
    public void The_default_url_follows_the_servers_own_address_variables(string? urls, string? ports, string expected)
    {
        var environment = new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = urls, ["ASPNETCORE_HTTP_PORTS"] = ports };

        Assert.Equal(new Uri(expected), HealthProbe.DefaultUrl(name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public async Task The_health_command_exits_0_for_a_ready_server_and_1_when_nothing_answers()
    {
        using var server = await ServerProcess.StartAsync(_database.FilePath);
        var port = server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var explicitUrl = await RunAsync(new Uri(server.BaseAddress, "/health/ready").ToString(), environment: null);
        var byPortVariable = await RunAsync(null, new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port });
        server.Kill();
        var gone = await RunAsync(new Uri(server.BaseAddress, "/health/ready").ToString(), environment: null);

        Assert.True(explicitUrl.ExitCode == 0, explicitUrl.Output);
        Assert.Contains("200", explicitUrl.Output, StringComparison.Ordinal);
        Assert.True(byPortVariable.ExitCode == 0, byPortVariable.Output);
        Assert.Equal(1, gone.ExitCode);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string? url, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NewsApi.dll"));
        start.ArgumentList.Add("health");
        if (url is not null)
        {
            start.ArgumentList.Add(url);
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output + await error);
    }
}
