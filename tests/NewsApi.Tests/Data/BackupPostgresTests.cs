using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data;

/// <summary>The backup on PostgreSQL: a pg_dump archive that pg_restore turns into a database the API runs on, as the README tells operators.</summary>
public sealed class BackupPostgresTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly string _archive = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"), "news.dump");
    private string? _restored;

    public void Dispose()
    {
        _factory.Dispose();
        if (_restored is not null)
        {
            PostgresServer.DropDatabase(_restored);
        }

        if (Directory.Exists(Path.GetDirectoryName(_archive)))
        {
            Directory.Delete(Path.GetDirectoryName(_archive)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_archive_restored_into_a_fresh_database_serves_its_articles_and_takes_new_ones()
    {
        var editor = _factory.CreateEditorClient();
        var created = await (await editor.PostAsJsonAsync("/api/v1/admin/articles", new { title = "خبر قبل النسخ الاحتياطي", bodyHtml = "<p>نص.</p>", categoryId = 1 }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { })).StatusCode);

        var report = _factory.Services.GetRequiredService<DatabaseBackup>().Backup(_archive);
        _restored = PostgresServer.RestoreDatabase(_archive);

        using var restored = new NewsApiFactory().With("ConnectionStrings:News", _restored);
        var restoredEditor = restored.CreateEditorClient();
        var article = await restoredEditor.GetAsync($"/api/v1/admin/articles/{id}");
        using (var connection = restored.OpenDatabase())
        {
            Assert.Equal(report.Articles, Dapper.SqlMapper.ExecuteScalar<int>(connection, "SELECT count(*) FROM articles"));
        }

        // The identity sequences come back with the data: a new article does not collide with a restored id.
        var another = await restoredEditor.PostAsJsonAsync("/api/v1/admin/articles", new { title = "خبر بعد الاستعادة", bodyHtml = "<p>نص.</p>", categoryId = 1 });

        Assert.Equal("ok", report.IntegrityCheck);
        Assert.Equal("pg_restore --list", report.CheckedBy);
        Assert.True(report.Bytes > 0);
        Assert.Equal("خبر قبل النسخ الاحتياطي", (await article.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Created, another.StatusCode);
        Assert.True((await another.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32() > id);
    }
}
