using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsApi.Related;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Related;

/// <summary>
/// How indexers share the queue of related words on PostgreSQL, where several instances (and each instance's requests)
/// index at once with no writer turn between them. The test plays the other indexer with its own transaction; the
/// background indexer is off so that only the test and the store under test touch the queue.
/// </summary>
public sealed class RelatedWordsPostgresTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly NewsApiFactory _root = new();
    private readonly WebApplicationFactory<Program> _factory;
    private readonly RelatedStore _store;

    public RelatedWordsPostgresTests()
    {
        _factory = _root.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.Remove(services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(RelatedWordsIndexer)))));
        _store = _factory.Services.GetRequiredService<RelatedStore>();
        while (_store.IndexPending(1_000) > 0)
        {
        }
    }

    public void Dispose()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    private DbConnection Open() => _factory.Services.GetRequiredService<NewsApi.Data.Database>().Open();

    private int[] Pending()
    {
        using var db = Open();
        return db.Query<int>("SELECT article_id FROM related_words_pending ORDER BY article_id").ToArray();
    }

    [Fact]
    public async Task A_queued_article_another_indexer_has_claimed_is_skipped_and_indexed_once_released()
    {
        using var db = Open();
        var ids = db.Query<int>("SELECT id FROM articles ORDER BY id LIMIT 2").ToArray();
        db.Execute("INSERT INTO related_words_pending (article_id) VALUES (@First), (@Second)", new { First = ids[0], Second = ids[1] });
        using var other = Open();
        using var claim = other.BeginTransaction();
        other.Execute("SELECT article_id FROM related_words_pending WHERE article_id = @Id FOR UPDATE", new { Id = ids[0] }, claim);

        var indexedAroundTheClaim = await Task.Run(() => _store.IndexPending(100)).WaitAsync(Bound);
        var pendingWhileClaimed = Pending();
        claim.Rollback();
        var indexedAfter = _store.IndexPending(100);

        Assert.Equal(1, indexedAroundTheClaim);
        Assert.Equal(new[] { ids[0] }, pendingWhileClaimed);
        Assert.Equal(1, indexedAfter);
        Assert.Empty(Pending());
    }

    [Fact]
    public async Task An_article_edited_while_an_indexer_holds_its_queue_row_is_queued_again()
    {
        using var db = Open();
        var id = db.QuerySingle<int>("SELECT min(id) FROM articles");
        db.Execute("INSERT INTO related_words_pending (article_id) VALUES (@id)", new { id });

        // The other indexer claims the row and has read the old text; the edit commits its new title meanwhile.
        using var indexer = Open();
        using var claim = indexer.BeginTransaction();
        indexer.Execute("SELECT article_id FROM related_words_pending WHERE article_id = @id FOR UPDATE", new { id }, claim);
        var edit = Task.Run(() =>
        {
            using var editor = Open();
            editor.Execute("UPDATE articles SET title = 'زلزال قوي يضرب الساحل الغربي' WHERE id = @id", new { id });
        });
        var deadline = DateTime.UtcNow + Bound;
        while (!edit.IsCompleted && db.ExecuteScalar<int>(
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        indexer.Execute("DELETE FROM related_words_pending WHERE article_id = @id", new { id }, claim);
        claim.Commit();
        await edit.WaitAsync(Bound);

        Assert.Equal(new[] { id }, Pending());
        Assert.Equal(1, _store.IndexPending(100));
        Assert.Contains("زلزال", db.Query<string>("SELECT word FROM related_words WHERE article_id = @id", new { id }));
    }
}
