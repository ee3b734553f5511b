using Microsoft.Extensions.Options;

namespace NewsApi.Data;

/// <summary>What start-up does to the database: migrate it, then fill an empty one with the demo content.</summary>
public sealed class DatabaseStartup(Migrator migrator, DemoContentSeeder seeder, IOptions<NewsApiOptions> options)
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
