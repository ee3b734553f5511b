using System.Diagnostics;

namespace NewsApi.Tests.Infrastructure;

/// <summary>
/// Where the Redis tests find a server: NEWSAPI_TEST_REDIS (a StackExchange.Redis connection string; .ci/run starts one
/// with tests/redis/server.sh). Under CI=true a missing server is a failure, never a quiet skip.
/// </summary>
public static class TestRedis
{
    public const string Variable = "NEWSAPI_TEST_REDIS";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why the Redis tests are skipped, or null when they run (and fail under CI without a server).</summary>
    public static string? SkipReason => ConnectionString is null && !PostgresServer.InCi
        ? $"{Variable} is not set: no Redis to test against (start one with tests/redis/server.sh start DIR, or run .ci/run)."
        : null;

    public static string Required => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: the Redis tests must run in CI (.ci/run starts a server).");
}

/// <summary>A test that needs Redis: skipped with the reason when no server is given outside CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (TestRedis.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// A Redis server of the test's own (tests/redis/server.sh in a temp folder), for tests that stop and start it: the
/// shared test server must never be. Disposing it stops the server and deletes its folder.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", "redis-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _port;

    public RedisServer()
    {
        Directory.CreateDirectory(_directory);
        ConnectionString = Run("start");
        _port = ConnectionString[(ConnectionString.LastIndexOf(':') + 1)..];
    }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string ConnectionString { get; }

    /// <summary>SHUTDOWN NOSAVE: connections are dropped, new ones refused.</summary>
    public void Stop() => Run("stop");

    /// <summary>Starts the stopped server again (empty) on the same port, where its clients expect it.</summary>
    public void StartAgain() => Run("start", ("PORT", _port));

    public void Dispose()
    {
        try
        {
            Run("stop");
        }
        finally
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless; failing the run for it is not.
            }
        }
    }

    private string Run(string command, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "tests", "redis", "server.sh"));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(_directory);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"server.sh {command} failed ({process.ExitCode}):\n{error.Result}");
        return output.Trim();
    }
}
