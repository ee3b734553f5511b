using NewsApi.Tests.Data.Postgres;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Cli;

/// <summary>
/// <c>seed --generate</c> on PostgreSQL ends with <c>VACUUM (ANALYZE)</c>: right after a bulk load the planner took the
/// tables for empty until autovacuum came by, and the full-text GIN indexes carried an unmerged pending list that every
/// search read.
/// </summary>
public sealed class SyntheticCorpusStatisticsPostgresTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [PostgresRunFact]
    public async Task Generating_articles_leaves_the_planner_statistics_of_the_articles_table_current()
    {
        await _cli.RunAsync("seed");

        var result = await _cli.RunAsync("seed", "--generate", "40");

        Assert.Equal(0, result.ExitCode);
        var articles = _cli.Count("SELECT count(*) FROM articles");
        // reltuples is -1 for a table never analysed or vacuumed; ANALYZE sets it, in the same transaction.
        var estimated = _cli.Query<float>("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass").Single();
        Assert.True(estimated >= articles, $"the planner estimates {estimated} rows in a table of {articles}");
    }

    [PostgresRunFact]
    public async Task Generating_articles_vacuums_the_tables_it_loaded()
    {
        await _cli.RunAsync("seed");

        var result = await _cli.RunAsync("seed", "--generate", "40");

        Assert.Equal(0, result.ExitCode);
        // ANALYZE alone records relallvisible as the visibility map has it, which is empty after a load; VACUUM fills it
        // (and merges the GIN pending lists in the same pass).
        foreach (var table in new[] { "articles", "search_index" })
        {
            var visible = _cli.Query<int>($"SELECT relallvisible FROM pg_class WHERE oid = '{table}'::regclass").Single();
            Assert.True(visible > 0, $"{table}: no page marked all-visible, so it was not vacuumed");
        }
    }
}
