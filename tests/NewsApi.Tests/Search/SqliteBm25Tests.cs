using System.Buffers.Binary;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Search;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// news_bm25 (Search/Fts5Bm25) is FTS5's bm25 with each phrase's document count given: on the demo archive's index it
/// scores every match of every query exactly as bm25 does, and the counts it is given follow every change of the index,
/// a draft's included.
/// </summary>
public sealed class SqliteBm25Tests : IDisposable
{
    private readonly NewsApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void Scores_every_match_exactly_as_FTS5s_bm25_with_remembered_counts_and_with_its_own()
    {
        using var db = _factory.OpenDatabase();
        var titles = db.Query<string>("SELECT title FROM articles").ToList();
        // Every title as a query of several words, and each of its words alone.
        var queries = titles.Concat(titles.SelectMany(title => title.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Select(SearchTerms.Parse).Where(terms => !terms.IsEmpty).ToList();
        var compared = 0;
        var twoStemTerms = 0;
        foreach (var terms in queries)
        {
            var counts = RankStatistics(db, terms);
            var scores = db.Query<(double Bm25, double Remembered, double Counted)>($"""
                SELECT bm25(search_index, {SearchIndexSql.Fts5ColumnWeights}),
                       {Fts5Bm25.FunctionName}(search_index, @Counts, {SearchIndexSql.Fts5ColumnWeights}),
                       {Fts5Bm25.FunctionName}(search_index, NULL, {SearchIndexSql.Fts5ColumnWeights})
                FROM search_index WHERE search_index MATCH @Match
                """, new { Match = terms.ToMatchExpression(), Counts = counts }).ToList();
            foreach (var score in scores)
            {
                Assert.Equal(score.Bm25, score.Remembered);
                Assert.Equal(score.Bm25, score.Counted);
            }

            compared += scores.Count;
            twoStemTerms += scores.Count > 0 ? terms.Terms.Count(term => term.Stems.Count > 1) : 0;
        }

        // The demo archive has enough text for this to mean something, words with two readings among it.
        Assert.True(compared > 500, $"only {compared} scores compared");
        Assert.True(twoStemTerms > 0, "no matched word with two stems");
    }

    [Fact]
    public void Counts_given_for_another_expression_are_refused()
    {
        using var db = _factory.OpenDatabase();
        var terms = SearchTerms.Parse("الروسي");

        // The expression has two phrases (the word and its stem); one count is given.
        Assert.ThrowsAny<DbException>(() => db.Query<double>(
            $"SELECT {Fts5Bm25.FunctionName}(search_index, @Counts) FROM search_index WHERE search_index MATCH @Match",
            new { Match = terms.ToMatchExpression(), Counts = Fts5Bm25.Encode([1]) }).ToList());
    }

    [Fact]
    public void A_drafts_new_word_counts_at_once_though_no_public_content_changed()
    {
        const string Word = "الزمردية";
        var terms = SearchTerms.Parse(Word);
        var state = _factory.Services.GetRequiredService<ContentState>();
        using var db = _factory.OpenDatabase();
        var before = Decode(RankStatistics(db, terms));
        var version = state.Current().Version;

        db.Execute("UPDATE articles SET title = title || ' ' || @Word WHERE status = 'draft'", new { Word });
        var after = Decode(RankStatistics(db, terms));

        Assert.Equal(version, state.Current().Version);
        var drafts = db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE status = 'draft'");
        Assert.True(drafts > 0);
        Assert.Equal(before.Select(count => count + drafts), after);
    }

    private byte[] RankStatistics(DbConnection db, SearchTerms terms)
    {
        var parameters = new DynamicParameters();
        SearchIndexSql.For(DatabaseEngine.Sqlite).AddRankStatistics(db, null, parameters, terms, _factory.Services.GetRequiredService<ContentMemo>());
        return parameters.Get<byte[]>("DocumentCounts");
    }

    private static long[] Decode(byte[] counts) =>
        Enumerable.Range(0, counts.Length / sizeof(long)).Select(i => BinaryPrimitives.ReadInt64LittleEndian(counts.AsSpan(i * sizeof(long)))).ToArray();
}
