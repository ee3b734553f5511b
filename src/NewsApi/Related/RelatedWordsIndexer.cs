using System.Data.Common;

namespace NewsApi.Related;

/// <summary>
/// Drains the queue of articles whose words must be (re)indexed for related-article scoring: at start-up (a bulk
/// import or a fresh seed leaves many) and within seconds of every later write.
/// </summary>
public sealed class RelatedWordsIndexer(RelatedStore store, ILogger<RelatedWordsIndexer> logger) : BackgroundService
{
    // Small enough (about 50 ms of work) that a comment waiting for the write turn is not held up for long.
    private const int Batch = 100;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (store.IndexPending(Batch) > 0)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is DbException or InvalidOperationException or IOException)
            {
                // The next related request indexes what it needs itself; this pass can be retried later. Any engine's
                // error (a PostgreSQL server restarting included): one escaping here would stop the whole host.
                logger.LogWarning(exception, "Indexing words for related articles failed; retrying shortly");
            }

            try
            {
                await Task.Delay(Idle, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
