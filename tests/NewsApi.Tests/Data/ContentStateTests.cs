using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data;

/// <summary>The content version moves with any committed write, whichever connection made it, on either engine.</summary>
public sealed class ContentStateTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_write_committed_by_another_connection_moves_the_content_version()
    {
        var state = _factory.Services.GetRequiredService<ContentState>();
        var before = state.Current();

        // Not through the API: a connection of its own, as an import or an operator's shell would write.
        using (var db = _factory.OpenDatabase())
        {
            db.Execute("UPDATE articles SET title = @Title WHERE slug = @Slug", new { Title = "عنوان معدل من خارج الخدمة", SeedArticle.Slug });
        }

        // SQLite sees it on the next call; PostgreSQL when the notification arrives (or the fallback poll runs).
        var deadline = Stopwatch.StartNew();
        while (state.Current().Version == before.Version)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "The content version did not move after a committed write.");
            await Task.Delay(20);
        }

        Assert.NotEqual(before.ETag, state.Current().ETag);
    }
}
