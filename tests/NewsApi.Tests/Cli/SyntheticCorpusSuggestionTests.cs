using NewsApi.Search;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Cli;

/// <summary>
/// <c>seed --generate</c> sets the articles' per-row triggers aside on SQLite and writes index rows its own way on
/// PostgreSQL: on the engine under test, every generated article must still have the suggestion keys of its title.
/// </summary>
public sealed class SyntheticCorpusSuggestionTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Generated_articles_have_the_suggestion_keys_of_their_titles()
    {
        await _cli.RunAsync("seed");
        var demo = _cli.Count("SELECT max(id) FROM articles");

        var result = await _cli.RunAsync("seed", "--generate", "30");

        Assert.Equal(0, result.ExitCode);
        var rows = _cli.Query<(long Id, string Title)>("SELECT id, title FROM articles WHERE id > @demo ORDER BY id", new { demo });
        Assert.Equal(30, rows.Count);
        foreach (var row in rows)
        {
            var expected = SuggestionKeys.Of(row.Title).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var stored = _cli.Query<string>("SELECT phrase FROM suggestion_keys WHERE article_id = @Id", new { row.Id })
                .Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(stored);
            Assert.Equal(expected, stored);
        }
    }
}
