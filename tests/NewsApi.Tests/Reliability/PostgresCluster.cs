using System.Diagnostics;
using NewsApi.Tests.Infrastructure;
using Npgsql;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// A PostgreSQL cluster of the test's own (tests/postgres/cluster.sh in a temp folder), for tests that stop and start
/// the server: the shared test server must never be. Disposing it stops the cluster and deletes its folder.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", "pg-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly int _port;

    private PostgresCluster()
    {
        // Under the usual umask the folders are 0755, so the postgres user (the server's, when the tests run as root)
        // reaches it; cluster.sh says so plainly when it cannot.
        Directory.CreateDirectory(_directory);
        AdminConnectionString = Run("start");
        _port = new NpgsqlConnectionStringBuilder(AdminConnectionString).Port;
    }

    /// <summary>The admin user's connection string (trust, loopback), to the postgres database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Initialises and starts a new cluster on a free port.</summary>
    public static PostgresCluster Start() => new();

    /// <returns>The connection string of a new, empty database on this cluster.</returns>
    public string CreateDatabase(string name)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>Fast shutdown, as <c>systemctl stop postgresql</c> does: sessions are ended, new ones refused.</summary>
    public void Stop() => Run("stop");

    /// <summary>Starts the stopped cluster again on the same port, where its clients expect it.</summary>
    public void StartAgain() => Run("start", ("PORT", _port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

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
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A temp folder left behind is harmless; failing the run for it is not.
            }
        }
    }

    private string Run(string command, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "tests", "postgres", "cluster.sh"));
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
        Assert.True(process.ExitCode == 0, $"cluster.sh {command} failed ({process.ExitCode}):\n{error.Result}");
        return output.Trim();
    }
}
