using Dapper;
using Microsoft.Data.Sqlite;

namespace NewsApi.Tests.Reliability;

/// <summary>A database file in its own temp folder, for a server process to use and the test to inspect afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));

    public TempDatabase()
    {
        Directory.CreateDirectory(_directory);
    }

    public string FilePath => Path.Combine(_directory, "news.db");

    public string WalPath => FilePath + "-wal";

    /// <summary>
    /// A plain connection, as a tool or an operator would open the file: none of the application's code, and no pool,
    /// so nothing keeps the file open once it is disposed. Opening it recovers a WAL left by a killed process.
    /// </summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public string IntegrityCheck()
    {
        using var connection = Open();
        return string.Join("; ", connection.Query<string>("PRAGMA integrity_check"));
    }

    public void Dispose()
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
