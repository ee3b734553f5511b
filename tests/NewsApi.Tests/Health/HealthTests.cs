using System.Net;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Live_and_ready_answer_200_on_a_migrated_database()
    {
        using var factory = new NewsApiFactory();
        var client = factory.CreateClient();

        var live = await (await client.GetAsync("/health/live")).JsonAsync();
        var ready = await (await client.GetAsync("/health/ready")).JsonAsync();

        Assert.Equal("live", live.GetProperty("status").GetString());
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_answers_503_problem_when_a_migration_is_missing()
    {
        using var factory = new NewsApiFactory();
        var client = factory.CreateClient();
        using (var db = factory.OpenDatabase())
        {
            db.Execute("DELETE FROM schema_migrations");
        }

        var problem = await (await client.GetAsync("/health/ready")).ProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Contains("migration", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
