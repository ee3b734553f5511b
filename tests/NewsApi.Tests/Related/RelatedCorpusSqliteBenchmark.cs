using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Related;
using NewsApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NewsApi.Tests.Related;

/// <summary>Runs only when NEWSAPI_BENCHMARK=1: timing is measured, never asserted in the normal test run.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("NEWSAPI_BENCHMARK") != "1")
        {
            Skip = "Benchmark: set NEWSAPI_BENCHMARK=1 to run it.";
        }
    }
}

/// <summary>
/// The related route on a synthetic corpus (100,000 articles by default, NEWSAPI_BENCHMARK_ARTICLES to change):
/// <c>NEWSAPI_BENCHMARK=1 dotnet test --filter FullyQualifiedName~RelatedCorpusSqliteBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class RelatedCorpusSqliteBenchmark(ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Related_items_on_a_large_corpus()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("NEWSAPI_BENCHMARK_ARTICLES"), CultureInfo.InvariantCulture, out var n) ? n : 100_000;
        using var factory = new NewsApiFactory();
        var client = factory.CreateClient();
        var clock = Stopwatch.StartNew();
        Generate(factory, count);
        output.WriteLine($"generated {count} articles in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var store = factory.Services.GetRequiredService<RelatedStore>();
        var indexed = 0;
        for (int batch; (batch = store.IndexPending(2000)) > 0;)
        {
            indexed += batch;
        }

        output.WriteLine($"indexed words of {indexed} articles in {clock.Elapsed.TotalSeconds:F1} s");

        Profile(factory, count);
        var random = new Random(7);
        var ids = Enumerable.Range(0, 200).Select(_ => random.Next(1, count)).ToList();
        var timings = new List<double>();
        foreach (var id in ids)
        {
            var request = Stopwatch.StartNew();
            var response = await client.GetAsync($"/api/v1/articles/{id}/related?limit=10");
            timings.Add(request.Elapsed.TotalMilliseconds);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound);
        }

        timings.Sort();
        output.WriteLine($"GET /articles/{{id}}/related?limit=10 over {timings.Count} requests: median {timings[timings.Count / 2]:F1} ms, " +
                         $"p95 {timings[(int)(timings.Count * 0.95)]:F1} ms, max {timings[^1]:F1} ms");
    }

    /// <summary>Each step of the related route for one article, averaged over 20 runs.</summary>
    private void Profile(NewsApiFactory factory, int count)
    {
        void Time(string name, Action action)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                action();
            }

            output.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds / 20:F2} ms");
        }

        using var db = factory.OpenDatabase();
        var id = count / 2;
        var words = db.Query<string>("""
            SELECT rw.word FROM related_words rw JOIN related_word_stats s ON s.word = rw.word
            WHERE rw.article_id = @id AND s.df > 1 ORDER BY s.df, rw.word LIMIT 12
            """, new { id }).ToList();
        output.WriteLine("document frequencies of the compared words: " +
                         string.Join(", ", words.Select(w => db.ExecuteScalar<int>("SELECT df FROM related_word_stats WHERE word = @w", new { w }))));
        Time("postings of 12 words", () => words.ForEach(w => db.Query("SELECT article_id, in_title FROM related_words WHERE word = @w ORDER BY article_id DESC LIMIT 200", new { w }).AsList()));
        var articles = factory.Services.GetRequiredService<NewsApi.Articles.PublicArticles>();
        Time("10 summaries", () => articles.Summaries(Enumerable.Range(1, 10).Select(i => i * 1000).ToList()));
        var store = factory.Services.GetRequiredService<RelatedStore>();
        var source = store.Find(id.ToString(System.Globalization.CultureInfo.InvariantCulture))!;
        Time("RelatedStore.Related, limit 10", () => store.Related(source, 10));
    }

    private static void Generate(NewsApiFactory factory, int count)
    {
        var random = new Random(42);
        const string letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي";
        var vocabulary = Enumerable.Range(0, 5000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(3, 8)).Select(_ => letters[random.Next(letters.Length)]).ToArray()))
            .Distinct().ToArray();
        // Zipf-like: a few words are everywhere, most are rare, as in news prose.
        string Word() => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3))];
        string Words(int k) => string.Join(' ', Enumerable.Range(0, k).Select(_ => Word()));

        using var db = (Microsoft.Data.Sqlite.SqliteConnection)factory.OpenDatabase();
        using var transaction = db.BeginTransaction();
        var categories = db.Query<long>("SELECT id FROM categories", transaction: transaction).ToArray();
        var now = DateTime.UtcNow;
        var tagIds = Enumerable.Range(0, 300).Select(i => db.ExecuteScalar<long>(
            "INSERT INTO tags (slug, name, created_at) VALUES (@slug, @slug, '2024-01-01T00:00:00Z') RETURNING id",
            new { slug = "وسم-" + i.ToString(CultureInfo.InvariantCulture) }, transaction)).ToArray();

        using var insert = db.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO articles (slug, title, excerpt, body_html, body_blocks, body_text, word_count, reading_time_minutes,
                                  category_id, status, published_at, created_at, updated_at)
            VALUES ($slug, $title, '', $html, '[]', $text, 120, 1, $category, 'published', $at, $at, $at)
            RETURNING id
            """;
        var parameters = new[] { "$slug", "$title", "$html", "$text", "$category", "$at" }.Select(name => insert.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter(name, ""))).ToArray();
        using var tag = db.CreateCommand();
        tag.Transaction = transaction;
        tag.CommandText = "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES ($article, $tag)";
        var tagArticle = tag.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$article", 0));
        var tagTag = tag.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$tag", 0));

        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var title = Words(random.Next(5, 10));
            body.Clear().Append(Words(120));
            parameters[0].Value = "مقالة-" + i.ToString(CultureInfo.InvariantCulture);
            parameters[1].Value = title;
            parameters[2].Value = "<p>" + body + "</p>";
            parameters[3].Value = body.ToString();
            parameters[4].Value = categories[random.Next(categories.Length)];
            parameters[5].Value = now.AddMinutes(-count + i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var id = (long)insert.ExecuteScalar()!;
            for (var t = random.Next(0, 4); t > 0; t--)
            {
                tagArticle.Value = id;
                tagTag.Value = tagIds[(int)(tagIds.Length * Math.Pow(random.NextDouble(), 2))];
                tag.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }
}
