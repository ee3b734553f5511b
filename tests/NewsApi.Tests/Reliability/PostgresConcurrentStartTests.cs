using Dapper;
using NewsApi.Data.Postgres;
using NewsApi.Tests.Infrastructure;
using Npgsql;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// Two instances of the API (real processes) starting at once against one fresh PostgreSQL database, as a rolling
/// deploy or a scaled-out start does: the migrations run under an advisory lock, so both become ready and each
/// migration is applied and recorded once, and the demo content is loaded once.
/// </summary>
public sealed class PostgresConcurrentStartTests : IClassFixture<Data.Postgres.PostgresDatabaseFixture>
{
    private readonly Data.Postgres.PostgresDatabaseFixture _fixture;

    public PostgresConcurrentStartTests(Data.Postgres.PostgresDatabaseFixture fixture) => _fixture = fixture;

    [Data.Postgres.PostgresFact]
    public async Task Two_instances_starting_together_on_a_fresh_database_both_become_ready_with_each_migration_applied_once()
    {
        var settings = new Dictionary<string, string>
        {
            ["NewsApi__Database__Provider"] = "Postgres",
            ["ConnectionStrings__News"] = _fixture.ConnectionString,
        };

        var starting = new[] { ServerProcess.StartAsync("", settings), ServerProcess.StartAsync("", settings) };
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            foreach (var start in starting.Where(s => s.IsCompletedSuccessfully))
            {
                start.Result.Dispose();
            }
        }

        await using var psql = new NpgsqlConnection(_fixture.ConnectionString);
        var recorded = (await psql.QueryAsync<(string Version, long Times)>(
            "SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY version")).ToList();
        Assert.Equal(PostgresMigrator.Embedded().Select(m => m.Version).Order(StringComparer.Ordinal), recorded.Select(r => r.Version));
        Assert.All(recorded, r => Assert.Equal(1, r.Times));
        // Seeded once: a second load would have given the seed article a second, suffixed slug.
        Assert.Equal(1, await psql.ExecuteScalarAsync<long>("SELECT count(*) FROM articles WHERE title = @Title", new { SeedArticle.Title }));
        // One first Data Protection key between them (PreviewTokens.PrepareKeyRing takes turns under an advisory lock), so
        // each opens the preview tokens of the other from the start.
        Assert.Equal(1, await psql.ExecuteScalarAsync<long>("SELECT count(*) FROM data_protection_keys WHERE friendly_name LIKE 'key-%'"));
    }
}
