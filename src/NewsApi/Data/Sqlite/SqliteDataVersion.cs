using System.Data.Common;

namespace NewsApi.Data.Sqlite;

/// <summary>
/// SQLite's change signal: <c>PRAGMA data_version</c> on a dedicated connection, which changes whenever any other
/// connection (this process or another, such as the CLI importing) commits. The file has no way to push a change, but
/// the pragma reads a counter in shared memory, cheap enough for every request.
/// </summary>
public sealed class SqliteDataVersion(SqliteDatabase database) : IContentChanges
{
    private readonly Lock _gate = new();
    private DbConnection? _watcher;
    private DbCommand? _dataVersionQuery;

    public long Generation()
    {
        lock (_gate)
        {
            try
            {
                return (long)Query().ExecuteScalar()!;
            }
            catch
            {
                // A watcher that failed to open or prepare, or broke (closed, I/O error), is dropped so the next call
                // opens a fresh one: kept, it would fail every public request until the process restarts.
                CloseWatcher();
                throw;
            }
        }
    }

    private DbCommand Query()
    {
        if (_dataVersionQuery is null)
        {
            var watcher = database.Open();
            try
            {
                // One command kept prepared: this runs on every public request, cache hits included.
                var query = watcher.CreateCommand();
                query.CommandText = "PRAGMA data_version";
                query.Prepare();
                (_watcher, _dataVersionQuery) = (watcher, query);
            }
            catch
            {
                watcher.Dispose();
                throw;
            }
        }

        return _dataVersionQuery;
    }

    /// <summary>Test seam: the watcher connection, so a test can break it as a failing disk or a closed handle would.</summary>
    internal DbConnection? Watcher => _watcher;

    public void Dispose()
    {
        lock (_gate)
        {
            CloseWatcher();
        }
    }

    private void CloseWatcher()
    {
        _dataVersionQuery?.Dispose();
        _dataVersionQuery = null;
        _watcher?.Dispose();
        _watcher = null;
    }
}
