using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace NewsApi.Tests.Cli;

/// <summary>The CLI run as operators run it: the real executable in a child process, configured by environment.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "cli.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NewsApi.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__News"] = $"Data Source={DatabasePath}";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    private int Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        return connection.ExecuteScalar<int>(sql);
    }

    [Fact]
    public async Task Migrate_creates_the_database_and_reports_when_it_is_up_to_date()
    {
        var first = await RunAsync("migrate");
        var second = await RunAsync("migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applied", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, Count("SELECT count(*) FROM articles"));
    }

    [Fact]
    public async Task Seed_loads_the_demo_content_once()
    {
        var first = await RunAsync("seed");
        var articles = Count("SELECT count(*) FROM articles");
        var second = await RunAsync("seed");

        Assert.Equal(0, first.ExitCode);
        Assert.True(articles >= 28, $"{articles} articles");
        Assert.Contains($"Loaded {articles} demo articles", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(articles, Count("SELECT count(*) FROM articles"));
    }

    [Fact]
    public async Task Seed_generate_is_refused_until_it_exists()
    {
        var result = await RunAsync("seed", "--generate", "10");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not implemented", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_index_rebuild_indexes_every_article()
    {
        await RunAsync("seed");

        var result = await RunAsync("search-index", "rebuild");

        var articles = Count("SELECT count(*) FROM articles");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{articles} article(s) indexed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_fails_with_usage()
    {
        var result = await RunAsync("migrate", "--bogus");

        Assert.NotEqual(0, result.ExitCode);
    }
}
