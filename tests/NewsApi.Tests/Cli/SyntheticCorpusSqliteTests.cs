using Dapper;
using Microsoft.Data.Sqlite;

namespace NewsApi.Tests.Cli;

/// <summary><c>seed --generate</c> on SQLite, where it suspends the FTS5 index triggers for each batch and indexes the batch itself.</summary>
public sealed class SyntheticCorpusSqliteTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Seed_generate_indexes_each_article_as_the_triggers_would_and_keeps_the_triggers()
    {
        await _cli.RunAsync("seed");
        var triggers = _cli.Query<string>("SELECT name || sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name");

        await _cli.RunAsync("seed", "--generate", "30");
        var generated = IndexInstances();
        await _cli.RunAsync("search-index", "rebuild");
        var rebuilt = IndexInstances();

        Assert.True(generated.Count > 30 * 300, $"the generated articles should be indexed, {generated.Count} word instances");
        Assert.Equal(rebuilt, generated);
        Assert.Equal(triggers, _cli.Query<string>("SELECT name || sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name"));
    }

    // Every (term, article, column, offset) the full-text index holds, read through fts5vocab.
    private List<string> IndexInstances()
    {
        using var connection = (SqliteConnection)_cli.Open();
        connection.Execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.instances USING fts5vocab(main, 'search_index', 'instance')");
        return connection.Query<string>("SELECT term || ' ' || doc || ' ' || col || ' ' || offset FROM temp.instances ORDER BY doc, col, offset").AsList();
    }
}
