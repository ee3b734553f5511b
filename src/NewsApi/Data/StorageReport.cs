using System.Globalization;
using System.Text;
using Dapper;

namespace NewsApi.Data;

/// <summary>What the archive takes on disk against what its bodies weigh: the figures of <c>storage</c> and the benchmark.</summary>
/// <param name="DatabaseBytes">SQLite: the main file's pages (the WAL apart); PostgreSQL: pg_database_size.</param>
/// <param name="FreeBytes">SQLite: pages on the free list, which only VACUUM returns to the OS; PostgreSQL: 0.</param>
/// <param name="BodyBytes">The average UTF-8 size of a body's HTML, over the sample.</param>
/// <param name="StoredBodyBytes">The average size of what is stored for a body, over the sample.</param>
public sealed record StorageFigures(long Articles, long DatabaseBytes, long FreeBytes, long BodyBytes, long StoredBodyBytes, int Sampled)
{
    public long BytesPerArticle => Articles == 0 ? 0 : DatabaseBytes / Articles;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
        articles: {Articles:N0}
        database: {DatabaseBytes:N0} bytes ({DatabaseBytes / 1048576.0:N0} MiB), {BytesPerArticle:N0} bytes per article{(FreeBytes > 0 ? $"; {FreeBytes:N0} bytes free (VACUUM returns them)" : "")}
        body: {BodyBytes:N0} bytes of HTML (UTF-8) on average, stored in {StoredBodyBytes:N0} bytes (over {Sampled:N0} articles)
        """);
}

public sealed class StorageReport(Database database)
{
    // Decoding every body of a large archive takes a while and says nothing more than a spread sample.
    private const int Sample = 2_000;

    public StorageFigures Measure()
    {
        using var connection = database.Open();
        var postgres = database.Engine == DatabaseEngine.Postgres;
        var articles = connection.ExecuteScalar<long>("SELECT count(*) FROM articles");
        var (size, free) = postgres
            ? (connection.ExecuteScalar<long>("SELECT pg_database_size(current_database())"), 0L)
            : (connection.ExecuteScalar<long>("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"),
               connection.ExecuteScalar<long>("SELECT freelist_count * page_size FROM pragma_freelist_count, pragma_page_size"));

        var step = Math.Max(1, articles / Sample);
        var rows = connection.Query<BodyRow>(
            $"SELECT {StoredBody.Columns}, a.body_text AS LegacyText FROM articles a WHERE a.id % @step = 0 ORDER BY a.id LIMIT @Sample",
            new { step, Sample }).AsList();
        long html = 0, stored = 0;
        foreach (var row in rows)
        {
            html += Encoding.UTF8.GetByteCount(StoredBody.Html(row));
            stored += row.Body?.Length ?? Encoding.UTF8.GetByteCount(row.LegacyHtml ?? "") + Encoding.UTF8.GetByteCount(row.LegacyBlocks ?? "")
                + Encoding.UTF8.GetByteCount(row.LegacyText ?? "");
        }

        var count = Math.Max(1, rows.Count);
        return new StorageFigures(articles, size, free, html / count, stored / count, rows.Count);
    }

    private sealed class BodyRow : IBodyColumns
    {
        public byte[]? Body { get; init; }

        public string? LegacyHtml { get; init; }

        public string? LegacyBlocks { get; init; }

        public string? LegacyText { get; init; }
    }
}
