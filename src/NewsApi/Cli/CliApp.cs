using System.CommandLine;
using NewsApi.Data;
using NewsApi.Search;

namespace NewsApi.Cli;

/// <summary>
/// The subcommands of the NewsApi executable. They read the same configuration as the server
/// (appsettings.json, ConnectionStrings__News and NewsApi__… environment variables).
/// </summary>
public static class CliApp
{
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal) { "migrate", "seed", "search-index" };

    public static bool Handles(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static int Run(string[] args)
    {
        var root = new RootCommand("NewsApi: run without a command to serve HTTP; these commands manage its database.");

        var migrate = new Command("migrate", "Create the database if needed and apply pending migrations from db/migrations.");
        migrate.SetAction(_ => WithServices(services =>
        {
            var applied = services.GetRequiredService<Migrator>().Migrate();
            Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        }));

        var generate = new Option<int?>("--generate")
        {
            Description = "Generate N synthetic Arabic articles instead of the demo content (not available yet: it arrives with the benchmark work).",
        };
        var seed = new Command("seed", "Migrate, then load the demo content into an empty database.");
        seed.Options.Add(generate);
        seed.SetAction(parse => WithServices(services =>
        {
            if (parse.GetValue(generate) is not null)
            {
                Console.Error.WriteLine("seed --generate is not implemented yet; run 'seed' without it for the demo content.");
                return 2;
            }

            services.GetRequiredService<Migrator>().Migrate();
            var loaded = services.GetRequiredService<DemoContentSeeder>().SeedIfEmpty();
            Console.WriteLine(loaded == 0 ? "The database already has articles; nothing loaded." : $"Loaded {loaded} demo articles.");
            return 0;
        }));

        var rebuild = new Command("rebuild", "Empty the full-text search index and fill it again from every article, in one transaction.");
        rebuild.SetAction(_ => WithServices(services =>
        {
            services.GetRequiredService<Migrator>().Migrate();
            var indexed = services.GetRequiredService<SearchStore>().RebuildIndex();
            Console.WriteLine($"Search index rebuilt: {indexed} article(s) indexed.");
            return 0;
        }));
        var searchIndex = new Command("search-index", "Manage the full-text search index (kept in step with every write by the database; rebuild after upgrading the normaliser or to repair it).");
        searchIndex.Subcommands.Add(rebuild);

        root.Subcommands.Add(migrate);
        root.Subcommands.Add(seed);
        root.Subcommands.Add(searchIndex);
        return root.Parse(args).Invoke();
    }

    private static int WithServices(Func<IServiceProvider, int> action)
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddNewsApiCore(builder.Configuration);
        using var host = builder.Build();
        return action(host.Services);
    }
}
