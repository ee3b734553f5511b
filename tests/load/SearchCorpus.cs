#:project ../../src/NewsApi/NewsApi.csproj
#:property PublishAot=false

// Builds a synthetic corpus for tests/load/search-bench.sh: copies of the demo articles with varied titles,
// slugs and dates, written through the application's Database so the search index triggers index every row.
// Usage: dotnet run tests/load/SearchCorpus.cs -- <database file> <articles>
// Not `seed --generate`, which belongs to the performance issue; this only exists to measure search.
using System.Diagnostics;
using Dapper;
using NewsApi.Data;

if (args.Length != 2 || !int.TryParse(args[1], out var target) || target < 1)
{
    Console.Error.WriteLine("usage: SearchCorpus <database file> <articles>");
    return 2;
}

var database = new Database($"Data Source={args[0]}", "NORMAL");
using var connection = database.Open();
var templates = connection.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE status = 'published'");
if (templates == 0)
{
    Console.Error.WriteLine("The database has no published article to copy: run `NewsApi seed` on it first.");
    return 2;
}

// Every 5,000th copy carries the rare word زمرديات in its title, so it occurs in target/5000 articles.
const string sql = """
    WITH RECURSIVE n(i) AS (SELECT @From UNION ALL SELECT i + 1 FROM n WHERE i < @To),
    src AS (SELECT *, row_number() OVER (ORDER BY id) - 1 AS k FROM articles WHERE status = 'published' AND slug NOT LIKE '%-g%')
    INSERT INTO articles (slug, title, subtitle, excerpt, body_html, body_blocks, body_text, word_count, reading_time_minutes,
                          language, direction, category_id, author_id, status, published_at, comments_open, created_at, updated_at)
    SELECT src.slug || '-g' || n.i,
           src.title || ' ' || n.i || CASE WHEN n.i % 5000 = 0 THEN ' زمرديات' ELSE '' END,
           src.subtitle, src.excerpt, src.body_html, src.body_blocks, src.body_text, src.word_count, src.reading_time_minutes,
           src.language, src.direction, src.category_id, src.author_id, 'published',
           strftime('%Y-%m-%dT%H:%M:%SZ', '2024-11-29T12:00:00Z', '-' || n.i || ' minutes'), 1,
           '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'
    FROM n JOIN src ON src.k = n.i % @Templates
    """;

var clock = Stopwatch.StartNew();
const int batch = 2_000;
for (var from = 1; from <= target; from += batch)
{
    var to = Math.Min(target, from + batch - 1);
    using var transaction = connection.BeginTransaction(deferred: false);
    connection.Execute(sql, new { From = from, To = to, Templates = templates }, transaction);
    transaction.Commit();
    Console.Write($"\r{to:N0} / {target:N0} articles ({clock.Elapsed.TotalSeconds:F0} s)");
}

connection.Execute("INSERT INTO search_index (search_index) VALUES ('optimize')");
Console.WriteLine($"\nDone in {clock.Elapsed.TotalSeconds:F0} s: {connection.ExecuteScalar<int>("SELECT count(*) FROM articles"):N0} articles.");
return 0;
