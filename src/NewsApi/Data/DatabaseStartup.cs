using Microsoft.Extensions.Options;

namespace NewsApi.Data;

/// <summary>
/// What start-up does to the database: migrate it, fill an empty one with the demo content, then start watching
/// the content version.
/// </summary>
public sealed class DatabaseStartup(ISchemaMigrator migrator, DemoContentSeeder seeder, ContentState content, IOptions<NewsApiOptions> options)
{
    public void Run()
    {
        migrator.Migrate();
        if (options.Value.Database.SeedDemoContent)
        {
            seeder.SeedIfEmpty();
        }

        // Now rather than at the first public request: on PostgreSQL the watcher is also what notices the server going
        // away and empties the connection pools, which matters to the editorial API even before anyone reads.
        content.Current();
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
