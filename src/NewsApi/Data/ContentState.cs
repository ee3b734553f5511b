using System.Globalization;
using Dapper;

namespace NewsApi.Data;

/// <summary>
/// What every public representation depends on: the content version (moved on by triggers at every write)
/// and the newest publication time that has come. The second changes without any write when a scheduled
/// article's time arrives, so both go into validators.
/// </summary>
public sealed record ContentVersion(long Version, DateTime LastModified)
{
    public string ETag => string.Create(CultureInfo.InvariantCulture, $"W/\"{Version}-{LastModified:yyyyMMddHHmmss}\"");
}

public sealed class ContentState(Database database, TimeProvider clock)
{
    public ContentVersion Current()
    {
        const string sql = """
            SELECT version AS Version,
                   changed_at AS ChangedAt,
                   (SELECT max(published_at) FROM articles
                     WHERE status IN ('published', 'scheduled') AND published_at <= @Now) AS NewestVisible
            FROM content_state
            WHERE id = 1
            """;
        using var connection = database.Open();
        var row = connection.QuerySingle<Row>(sql, new { Now = Timestamps.ToDb(clock.GetUtcNow()) });
        var changed = Timestamps.FromDb(row.ChangedAt);
        var newest = Timestamps.FromDbOrNull(row.NewestVisible) ?? DateTime.MinValue;
        return new ContentVersion(row.Version, changed > newest ? changed : newest);
    }

    private sealed class Row
    {
        public long Version { get; init; }

        public string ChangedAt { get; init; } = "";

        public string? NewestVisible { get; init; }
    }
}
