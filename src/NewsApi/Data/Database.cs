using Microsoft.Data.Sqlite;
using NewsApi.Text;

namespace NewsApi.Data;

/// <summary>Opens SQLite connections with the pragmas every connection must have.</summary>
public sealed class Database
{
    /// <summary>SQLite's own ceiling for max_page_count: what "no cap" sets on a pooled connection that had one.</summary>
    private const long NoPageCap = 4_294_967_294;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly Func<long> _maxPageCount;

    /// <param name="connectionString">The SQLite connection string.</param>
    /// <param name="synchronous">FULL or NORMAL.</param>
    /// <param name="maxPageCount">
    /// The page cap (0: none), asked on every <see cref="Open"/>: max_page_count belongs to a connection, not to the file,
    /// so reading it each time lets an operator raise it on a running server (pooled connections included).
    /// </param>
    public Database(string connectionString, string synchronous, Func<long>? maxPageCount = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        Synchronous = synchronous.ToUpperInvariant() switch
        {
            "FULL" => "FULL",
            "NORMAL" => "NORMAL",
            _ => throw new InvalidOperationException($"NewsApi:Database:Synchronous must be FULL or NORMAL, not '{synchronous}'."),
        };
        // FULL by default: an acknowledged write survives power loss. The busy timeout lets writers queue for
        // each other instead of surfacing SQLITE_BUSY to a client.
        _pragmas = $"PRAGMA synchronous = {Synchronous}; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY;";
        _maxPageCount = maxPageCount ?? (static () => 0);
    }

    public string DataSource { get; }

    public string Synchronous { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        var cap = _maxPageCount();
        command.CommandText = $"{_pragmas} PRAGMA max_page_count = {(cap > 0 ? cap : NoPageCap)};";
        command.ExecuteNonQuery();
        RegisterSearchFunctions(connection);
        return connection;
    }

    /// <summary>
    /// The Arabic normalisation of search as SQL functions. The search index triggers (migration 0002) call them,
    /// so every connection that writes articles or tags must have them: a connection opened anywhere else (the
    /// sqlite3 shell, say) can read but gets "no such function: news_normalize" when it writes articles.
    /// </summary>
    public static void RegisterSearchFunctions(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction<string?, string>("news_normalize", SearchWords.IndexForm, isDeterministic: true);
        connection.CreateFunction<string?, string>("news_stem", SearchWords.StemForm, isDeterministic: true);
    }

    /// <summary>Creates the database file's folder and switches the file to WAL, which persists in the file.</summary>
    public void Prepare()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory) && DataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}
