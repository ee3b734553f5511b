using Dapper;
using NewsApi.Data;
using NewsApi.Related;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Cli;

/// <summary>
/// <c>seed --generate</c> writes each article's related words with the batch, on the engine under test: they must be
/// what the related-words indexer derives from the stored body, with no article left queued and every word's count right.
/// </summary>
public sealed class SyntheticCorpusWordsTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Generated_articles_have_the_related_words_the_indexer_would_give_them()
    {
        await _cli.RunAsync("seed");
        var demo = _cli.Count("SELECT max(id) FROM articles");

        var result = await _cli.RunAsync("seed", "--generate", "30");

        Assert.Equal(0, result.ExitCode);
        var rows = _cli.Query<(long Id, string Title, byte[] Body)>("SELECT id, title, body FROM articles WHERE id > @demo ORDER BY id", new { demo });
        Assert.Equal(30, rows.Count);
        foreach (var row in rows)
        {
            var expected = RelatedWords.Of(row.Title, StoredBody.Text(row.Body, null)).Select(w => (w.Word, w.InTitle)).OrderBy(w => w.Word, StringComparer.Ordinal).ToList();
            var stored = _cli.Query<(string Word, bool InTitle)>("SELECT word, in_title FROM related_words WHERE article_id = @Id", new { row.Id })
                .OrderBy(w => w.Word, StringComparer.Ordinal).ToList();
            Assert.NotEmpty(stored);
            Assert.Equal(expected, stored);
        }

        Assert.Equal(0, _cli.Count("SELECT count(*) FROM related_words_pending"));
        Assert.Equal(0, _cli.Count("""
            SELECT count(*) FROM related_word_stats s
            WHERE s.df <> (SELECT count(*) FROM related_words w WHERE w.word = s.word)
            """));
    }
}
