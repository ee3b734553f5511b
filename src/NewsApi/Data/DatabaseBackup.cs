using System.Data;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsApi.Data.Postgres;
using NewsApi.Data.Sqlite;
using Npgsql;

namespace NewsApi.Data;

/// <param name="IntegrityCheck">"ok" when <paramref name="CheckedBy"/> found the copy sound, else what it reported.</param>
/// <param name="CheckedBy">How the copy was checked: SQLite's integrity_check, or pg_restore reading the archive.</param>
/// <param name="Articles">Articles in the copy: the snapshot it was taken from.</param>
public sealed record BackupReport(string Path, long Bytes, string IntegrityCheck, int Articles, int Comments, string CheckedBy);

/// <summary>
/// A consistent online copy of the database while the server keeps serving and writing, one snapshot holding every
/// transaction committed before it began and none half-done. SQLite: <c>VACUUM INTO</c> one compacted file. PostgreSQL:
/// <c>pg_dump</c> in its custom format (restore with <c>pg_restore</c>), of a snapshot this class exports and counts in,
/// so the report's counts are the archive's.
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
        return database switch
        {
            SqliteDatabase => BackupSqlite(target),
            PostgresDatabase postgres => BackupPostgres(postgres, target),
            _ => throw new NotSupportedException($"No backup for {database.Engine}."),
        };
    }

    private BackupReport BackupSqlite(string target)
    {
        using (var connection = database.Open())
        {
            connection.Execute("VACUUM INTO @target", new { target });
        }

        using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        copy.Open();
        var integrity = copy.ExecuteScalar<string>("PRAGMA integrity_check") ?? "no answer";
        return new BackupReport(target, new FileInfo(target).Length, integrity,
            copy.ExecuteScalar<int>("SELECT count(*) FROM articles"), copy.ExecuteScalar<int>("SELECT count(*) FROM comments"), "integrity_check");
    }

    private static BackupReport BackupPostgres(PostgresDatabase postgres, string target)
    {
        // The snapshot lives as long as this transaction: pg_dump attaches to it, and the counts read it too.
        using var connection = postgres.Open();
        using var snapshot = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var id = connection.ExecuteScalar<string>("SELECT pg_export_snapshot()", transaction: snapshot)!;
        var articles = connection.ExecuteScalar<int>("SELECT count(*) FROM articles", transaction: snapshot);
        var comments = connection.ExecuteScalar<int>("SELECT count(*) FROM comments", transaction: snapshot);
        try
        {
            PostgresTools.Run("pg_dump", postgres.ConnectionString, "--format=custom", $"--snapshot={id}", $"--file={target}");
            // pg_restore reads the whole table of contents: a truncated or foreign file fails here, not on restore day.
            var contents = PostgresTools.Run("pg_restore", postgres.ConnectionString, "--list", target);
            var check = contents.Contains("TABLE DATA public articles", StringComparison.Ordinal) ? "ok" : "the archive holds no articles table";
            return new BackupReport(target, new FileInfo(target).Length, check, articles, comments, "pg_restore --list");
        }
        catch
        {
            File.Delete(target);
            throw;
        }
    }
}

/// <summary>PostgreSQL's client programs (pg_dump, pg_restore), found on PATH or in Debian's /usr/lib/postgresql/N/bin.</summary>
public static class PostgresTools
{
    /// <summary>Runs <paramref name="tool"/> against the database of <paramref name="connectionString"/>; returns its output.</summary>
    /// <exception cref="IOException">The tool is missing or failed; the message says why.</exception>
    public static string Run(string tool, string connectionString, params string[] arguments)
    {
        var start = new ProcessStartInfo(Find(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // libpq's variables rather than arguments: a password on a command line is visible to every local user.
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        foreach (var (name, value) in new[]
                 {
                     ("PGHOST", settings.Host), ("PGPORT", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                     ("PGDATABASE", settings.Database), ("PGUSER", settings.Username), ("PGPASSWORD", settings.Password),
                 })
        {
            if (value is not null)
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new IOException($"{tool} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new IOException($"{tool} failed (exit {process.ExitCode}): {error.Result.Trim()}");
    }

    private static string Find(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool));
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var major) ? major : 0)
                .Select(folder => Path.Combine(folder, "bin", tool))
            : [];
        return onPath.Concat(debian).FirstOrDefault(File.Exists)
            ?? throw new IOException($"{tool} was not found on PATH or in /usr/lib/postgresql/*/bin: install PostgreSQL's client programs (Debian: postgresql-client).");
    }
}
