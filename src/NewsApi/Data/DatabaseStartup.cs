using Microsoft.Extensions.Options;

namespace NewsApi.Data;

/// <summary>What start-up does to the database: migrate it, then fill an empty one with the demo content.</summary>
public sealed class DatabaseStartup(ISchemaMigrator migrator, DemoContentSeeder seeder, IOptions<NewsApiOptions> options)
{
    public void Run()
    {
        migrator.Migrate();
        if (options.Value.Database.SeedDemoContent)
        {
            seeder.SeedIfEmpty();
        }
    }
}

/// <summary>An engine's migrator: applies the migrations embedded for it, and says how many there are.</summary>
public interface ISchemaMigrator
{
    /// <returns>The names of the migrations applied by this call.</returns>
    IReadOnlyList<string> Migrate();

    /// <summary>The migrations this release has for the engine (the readiness probe compares schema_migrations with it).</summary>
    IReadOnlyList<Migration> Expected { get; }
}
