using System.Text.Json;
using NewsApi.Tests.Reliability;

namespace NewsApi.Tests.Observability;

/// <summary>
/// The real server's console logs: one JSON object per line in Production (appsettings.Production.json), for log
/// collectors; ASP.NET Core's plain lines in Development. Run on a SQLite file, as the format does not depend on the
/// engine.
/// </summary>
public sealed class ConsoleLogFormatSqliteTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task In_production_every_log_line_is_a_json_object_with_level_category_and_message()
    {
        using var server = await ServerProcess.StartAsync(_database.FilePath);

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var listening = Assert.Single(lines, line => line.Contains("Now listening on", StringComparison.Ordinal));
        using var entry = JsonDocument.Parse(listening);
        Assert.Equal("Information", entry.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal("Microsoft.Hosting.Lifetime", entry.RootElement.GetProperty("Category").GetString());
        Assert.StartsWith("Now listening on: http://127.0.0.1:", entry.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.True(entry.RootElement.TryGetProperty("Timestamp", out _), listening);
        Assert.All(lines.Where(line => line.StartsWith('{')), line => JsonDocument.Parse(line).Dispose());
        Assert.DoesNotContain(lines, line => line.StartsWith("info:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_development_the_logs_stay_plain_text()
    {
        using var server = await ServerProcess.StartAsync(_database.FilePath, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
        });

        Assert.Contains("info: Microsoft.Hosting.Lifetime", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"LogLevel\":", server.Output, StringComparison.Ordinal);
    }
}
