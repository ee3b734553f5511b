using System.Data.Common;
using Dapper;

namespace NewsApi.Data;

/// <summary>
/// Rewrites bodies stored before migration 0017 (PostgreSQL 0015) in <see cref="StoredBody"/>'s one compressed form, a
/// batch at a time, while the service runs: the migration itself only adds the column, so it is instant on any archive.
/// </summary>
/// <remarks>
/// Each batch is read and compressed outside the write turn, then written in one short transaction (some
/// milliseconds for <see cref="BatchSize"/> rows) that skips a row edited meanwhile (its version moved: the edit
/// stored the new form itself). Until a row is rewritten, readers take its legacy columns; nothing a reader sees
/// changes, so the rewrite moves no content version, queues no search or related-words work and sends no webhook:
/// the table's update triggers are set aside for the batch (<see cref="TriggersSetAside"/>).
/// </remarks>
public sealed class BodyCompaction(Database database)
{
    public const int BatchSize = 200;

    /// <summary>How many rows still hold the legacy form.</summary>
    public int PendingCount()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE body IS NULL");
    }

    /// <summary>Rewrites up to <paramref name="max"/> rows; 0 when none is left.</summary>
    public int CompactBatch(int max = BatchSize)
    {
        List<LegacyRow> rows;
        using (var connection = database.Open())
        {
            rows = connection.Query<LegacyRow>("""
                SELECT id AS Id, version AS Version, body_html AS LegacyHtml, body_blocks AS LegacyBlocks
                FROM articles WHERE body IS NULL ORDER BY id LIMIT @max
                """, new { max }).AsList();
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        // Blocks read back as written (PostgreSQL's jsonb reorders keys), then stored in the writer's own form.
        var compacted = rows.Select(row => new
        {
            row.Id,
            row.Version,
            Body = StoredBody.Encode(row.LegacyHtml, StoredBlocks.Deserialize(row.LegacyBlocks)),
        }).ToList();

        database.Write(write =>
        {
            var triggers = TriggersSetAside.SetAside(write.Connection, write.Transaction, "articles", TriggerEvent.Update);
            write.Connection.Execute("""
                UPDATE articles SET body = @Body, body_html = '', body_blocks = '[]', body_text = ''
                WHERE id = @Id AND version = @Version AND body IS NULL
                """, compacted, write.Transaction);
            triggers.Restore();
        });
        return rows.Count;
    }

    /// <summary>Rewrites every legacy row, a batch per transaction; returns how many.</summary>
    public int CompactAll(Action<int>? progress = null)
    {
        var done = 0;
        for (int batch; (batch = CompactBatch()) > 0;)
        {
            done += batch;
            progress?.Invoke(done);
        }

        return done;
    }

    private sealed class LegacyRow
    {
        public long Id { get; init; }

        public long Version { get; init; }

        public string LegacyHtml { get; init; } = "";

        public string LegacyBlocks { get; init; } = "[]";
    }
}

/// <summary>Runs <see cref="BodyCompaction"/> after start-up until no legacy row is left, then stops.</summary>
public sealed class BodyCompactor(BodyCompaction compaction, ILogger<BodyCompactor> logger) : BackgroundService
{
    // Between batches the write turn is free for editors and comments.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var total = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = compaction.CompactBatch();
                if (batch == 0)
                {
                    if (total > 0)
                    {
                        logger.LogInformation("Stored {Count} article bodies in the compact form; VACUUM returns the space they freed", total);
                    }

                    return;
                }

                total += batch;
                await Task.Delay(Pause, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception) when (exception is DbException or InvalidOperationException or IOException)
            {
                // Readers take the legacy columns meanwhile; a later pass (or the next start) finishes the job.
                logger.LogWarning(exception, "Compacting article bodies failed; retrying shortly");
                try
                {
                    await Task.Delay(Retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
