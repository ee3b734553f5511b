using System.Net;
using System.Net.Http.Json;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data;

/// <summary>The backup command's copy on either engine: SQLite's VACUUM INTO file, PostgreSQL's pg_dump archive (restored to be read).</summary>
public sealed class BackupTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"), "backup.db");
    private string? _restored;

    public void Dispose()
    {
        _factory.Dispose();
        if (_restored is not null)
        {
            PostgresServer.DropDatabase(_restored);
        }

        if (Directory.Exists(Path.GetDirectoryName(_copy)))
        {
            Directory.Delete(Path.GetDirectoryName(_copy)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_backup_taken_while_articles_are_written_is_intact_and_holds_everything_acknowledged_before_it()
    {
        var editor = _factory.CreateEditorClient();
        var acknowledged = new List<int>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var response = await editor.PostAsJsonAsync("/api/v1/admin/articles", new { title = $"مقالة أثناء النسخ {i}", bodyHtml = "<p>نص.</p>", categoryId = 1 });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var id = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
                    lock (acknowledged)
                    {
                        acknowledged.Add(id);
                    }
                }
            }
        });
        while (Count(acknowledged) < 5)
        {
            await Task.Delay(20);
        }

        int[] before;
        lock (acknowledged)
        {
            before = [.. acknowledged];
        }

        var report = _factory.Services.GetRequiredService<DatabaseBackup>().Backup(_copy);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Count(acknowledged) <= before.Length + 1 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await writer;

        Assert.Equal("ok", report.IntegrityCheck);
        using var copy = OpenCopy();
        var ids = copy.Query<int>("SELECT id FROM articles").ToHashSet();
        Assert.All(before, id => Assert.Contains(id, ids));
        Assert.Equal(ids.Count, report.Articles);
        Assert.True(Count(acknowledged) > before.Length, "writes should have gone on during and after the backup");
    }

    /// <summary>The copy as a database: the SQLite file opened read-only, or the archive restored into a fresh PostgreSQL database.</summary>
    private DbConnection OpenCopy()
    {
        if (!TestEngine.IsPostgres)
        {
            var file = new SqliteConnection($"Data Source={_copy};Mode=ReadOnly;Pooling=False");
            file.Open();
            return file;
        }

        _restored = PostgresServer.RestoreDatabase(_copy);
        var restored = new Npgsql.NpgsqlConnection(_restored);
        restored.Open();
        return restored;
    }

    private static int Count(List<int> ids)
    {
        lock (ids)
        {
            return ids.Count;
        }
    }

    [Fact]
    public void A_backup_never_overwrites_an_existing_file()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_copy)!);
        File.WriteAllText(_copy, "precious");

        Assert.Throws<IOException>(() => _factory.Services.GetRequiredService<DatabaseBackup>().Backup(_copy));
        Assert.Equal("precious", File.ReadAllText(_copy));
    }
}
