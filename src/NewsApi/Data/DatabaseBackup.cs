using Dapper;
using Microsoft.Data.Sqlite;

namespace NewsApi.Data;

public sealed record BackupReport(string Path, long Bytes, string IntegrityCheck, int Articles, int Comments);

/// <summary>
/// A consistent online copy with <c>VACUUM INTO</c>: it reads one snapshot (WAL lets writers go on meanwhile), so
/// the copy holds every transaction committed before it began and none half-done, compacted into a single file.
/// </summary>
public sealed class DatabaseBackup(Database database)
{
    public BackupReport Backup(string path)
    {
        var target = Path.GetFullPath(path);
        if (File.Exists(target))
        {
            throw new IOException($"{target} exists; a backup never overwrites a file.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using (var connection = database.Open())
        {
            connection.Execute("VACUUM INTO @target", new { target });
        }

        using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        copy.Open();
        var integrity = copy.ExecuteScalar<string>("PRAGMA integrity_check") ?? "no answer";
        return new BackupReport(target, new FileInfo(target).Length, integrity,
            copy.ExecuteScalar<int>("SELECT count(*) FROM articles"), copy.ExecuteScalar<int>("SELECT count(*) FROM comments"));
    }
}
