using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Sync;

/// <summary>
/// A client syncing while editors write at once misses nothing: on PostgreSQL the writers' transactions really run
/// concurrently (versions are ordered by content_state's row lock), on SQLite they take turns. The client reads small
/// pages throughout the burst, so pages end in the middle of it, then syncs once more and must hold the truth.
/// </summary>
public sealed class SyncConcurrencyTests
{
    private const int Writers = 4;
    private const int ArticlesPerWriter = 6;

    [Fact]
    public async Task A_client_syncing_during_a_burst_of_concurrent_writes_misses_nothing()
    {
        using var factory = new NewsApiFactory();
        var desk = new EditorialDesk(factory);
        using var reader = factory.CreateClient();
        var client = new OfflineClient(reader, limit: 2);
        await client.SyncAsync();

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            var mine = new List<int>();
            for (var n = 0; n < ArticlesPerWriter; n++)
            {
                var id = await desk.CreateAsync($"خبر الكاتب {writer} رقم {n}", writer % 2 == 0 ? "رياضة" : "سياسة");
                mine.Add(id);
                await desk.PublishAsync(id);
                var other = mine[random.Next(mine.Count)];
                switch (random.Next(4))
                {
                    case 0:
                        await desk.EditAsync(other, $"خبر معدل {writer}-{n}", "اقتصاد");
                        break;
                    case 1:
                        await desk.UnpublishAsync(other);
                        break;
                    case 2:
                        await desk.DeleteAsync(other);
                        mine.Remove(other);
                        break;
                    default:
                        await desk.UnpublishAsync(other);
                        await desk.PublishAsync(other);
                        break;
                }
            }
        })).ToList();

        var pages = 0;
        var burst = Task.WhenAll(writers);
        while (!burst.IsCompleted)
        {
            await client.PageAsync();
            pages++;
        }

        await burst;
        await client.SyncAsync();
        client.AssertHolds(await OfflineClient.Truth(reader), $"after the burst ({pages} pages read during it)");
        Assert.True(pages > 1, "The client read no page during the burst, so the test proved nothing.");
    }
}
