using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsApi.Tests.Infrastructure;
using Npgsql;

namespace NewsApi.Tests.Cli;

/// <summary>
/// The NewsApi executable run as operators run it, in a child process configured by environment, on a database of
/// its own of the engine under test (<see cref="TestEngine"/>): a SQLite file in a temp folder, or a fresh PostgreSQL
/// database on the test server, dropped afterwards.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));
    private string? _postgres;

    public CliProcess() => Create();

    public string ConnectionString => _postgres ?? $"Data Source={Path.Combine(_directory, "cli.db")}";

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
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

        start.Environment["ConnectionStrings__News"] = ConnectionString;
        start.Environment["NewsApi__Database__Provider"] = TestEngine.Current.ToString();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>A plain connection to the database, as an operator's shell would open one.</summary>
    public DbConnection Open()
    {
        DbConnection connection = _postgres is null ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public int Count(string sql)
    {
        using var connection = Open();
        return connection.ExecuteScalar<int>(sql);
    }

    public List<T> Query<T>(string sql, object? parameters = null)
    {
        using var connection = Open();
        return connection.Query<T>(sql, parameters).AsList();
    }

    /// <summary>Throws the database away and starts again from an empty one.</summary>
    public void Reset()
    {
        Dispose();
        Create();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            PostgresServer.DropDatabase(_postgres);
            _postgres = null;
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Create()
    {
        Directory.CreateDirectory(_directory);
        if (TestEngine.IsPostgres)
        {
            _postgres = PostgresServer.CreateDatabase();
        }
    }
}
