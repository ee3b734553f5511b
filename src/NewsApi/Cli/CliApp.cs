using System.CommandLine;
using NewsApi.Admin;
using NewsApi.Data;
using NewsApi.Import;
using NewsApi.Related;
using NewsApi.Search;
using NewsApi.Text;

namespace NewsApi.Cli;

/// <summary>
/// The subcommands of the NewsApi executable. They read the same configuration as the server
/// (appsettings.json, ConnectionStrings__News and NewsApi__… environment variables).
/// </summary>
public static class CliApp
{
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal) { "migrate", "seed", "keys", "import", "backup", "search-index", "health", "storage" };

    public static bool Handles(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static int Run(string[] args)
    {
        var root = new RootCommand("NewsApi: run without a command to serve HTTP; these commands manage its database.");

        var migrate = new Command("migrate", "Create the database if needed and apply pending migrations from db/migrations.");
        migrate.SetAction(_ => WithServices(services =>
        {
            var applied = services.GetRequiredService<ISchemaMigrator>().Migrate();
            Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");

            // Bodies stored before migration 0017 (PostgreSQL 0015): the service would rewrite them in the background
            // after start-up; here they are done now, a batch per transaction, so a running service is not held up.
            var compaction = services.GetRequiredService<BodyCompaction>();
            var pending = compaction.PendingCount();
            if (pending > 0)
            {
                var elapsed = System.Diagnostics.Stopwatch.StartNew();
                compaction.CompactAll(done => SyntheticCorpus.ShowProgress("Compacted the bodies of", done, pending, elapsed));
                Console.Error.WriteLine();
                Console.WriteLine($"Stored {pending} article bodies in the compact form in {elapsed.Elapsed.TotalSeconds:F1} s (VACUUM returns the space).");
            }

            return 0;
        }));

        var generate = new Option<int?>("--generate")
        {
            Description = "After the demo content, add N synthetic published Arabic articles (deterministic, for benchmarks).",
        };
        var seed = new Command("seed", "Migrate, then load the demo content into an empty database.");
        seed.Options.Add(generate);
        seed.SetAction(parse => WithServices(services =>
        {
            services.GetRequiredService<ISchemaMigrator>().Migrate();
            var loaded = services.GetRequiredService<DemoContentSeeder>().SeedIfEmpty();
            Console.WriteLine(loaded == 0 ? "The database already has articles; no demo content loaded." : $"Loaded {loaded} demo articles.");
            if (parse.GetValue(generate) is not { } count)
            {
                return 0;
            }

            if (count < 1)
            {
                Console.Error.WriteLine("--generate takes a positive number of articles.");
                return 2;
            }

            var elapsed = System.Diagnostics.Stopwatch.StartNew();
            var corpus = services.GetRequiredService<SyntheticCorpus>();
            corpus.Generate(count, (done, total) => SyntheticCorpus.ShowProgress("Generated", done, total, elapsed));
            Console.Error.WriteLine();
            Console.WriteLine($"Generated {count} synthetic articles in {elapsed.Elapsed.TotalSeconds:F1} s ({count / elapsed.Elapsed.TotalSeconds:F0}/s): {corpus.Stages}.");

            // The server would index these for related articles in the background after start-up, competing with
            // the first readers (and a benchmark) for the writer; a corpus is complete when this command ends.
            var related = services.GetRequiredService<RelatedStore>();
            var indexing = System.Diagnostics.Stopwatch.StartNew();
            var pending = related.PendingCount();
            for (var indexed = 0; related.IndexPending(2_000) is var batch and > 0;)
            {
                indexed += batch;
                SyntheticCorpus.ShowProgress("Indexed related words of", indexed, pending, indexing);
            }

            Console.Error.WriteLine();
            Console.WriteLine($"Indexed words for related articles in {indexing.Elapsed.TotalSeconds:F1} s.");
            corpus.UpdatePlannerStatistics();
            return 0;
        }));

        var rebuild = new Command("rebuild", "Empty the full-text search index and fill it again from every article, in one transaction.");
        rebuild.SetAction(_ => WithServices(services =>
        {
            services.GetRequiredService<ISchemaMigrator>().Migrate();
            var indexed = services.GetRequiredService<SearchStore>().RebuildIndex();
            Console.WriteLine($"Search index rebuilt: {indexed} article(s) indexed.");
            return 0;
        }));
        var searchIndex = new Command("search-index", "Manage the full-text search index (kept in step with every write by the database; rebuild after upgrading the normaliser or to repair it).");
        searchIndex.Subcommands.Add(rebuild);

        // Issue 18 (compact bodies): what the archive takes on disk, per article, against the size of its bodies.
        var storage = new Command("storage", "Print the database size, bytes per article and the average UTF-8 size of a body against what is stored for it.");
        storage.SetAction(_ => WithServices(services =>
        {
            services.GetRequiredService<ISchemaMigrator>().Migrate();
            Console.WriteLine(services.GetRequiredService<StorageReport>().Measure());
            return 0;
        }));
        root.Subcommands.Add(storage);
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(seed);
        root.Subcommands.Add(searchIndex);
        root.Subcommands.Add(KeysCommand());
        root.Subcommands.Add(ImportCommand());
        root.Subcommands.Add(BackupCommand());
        root.Subcommands.Add(HealthCommand());
        return root.Parse(args).Invoke();
    }

    private static Command HealthCommand()
    {
        var url = new Argument<string?>("url")
        {
            Description = $"The readiness URL to ask; by default {HealthProbe.ReadyPath} on the address ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS names.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var health = new Command("health", "Ask a running server whether it is ready (exit 0 on 200, else 1): the container's health check.");
        health.Arguments.Add(url);
        health.SetAction(parse =>
        {
            if (parse.GetValue(url) is not { } given)
            {
                return HealthProbe.RunAsync(HealthProbe.DefaultUrl(Environment.GetEnvironmentVariable)).GetAwaiter().GetResult();
            }

            if (!Uri.TryCreate(given, UriKind.Absolute, out var asked))
            {
                Console.Error.WriteLine($"Not an absolute URL: {given}");
                return 2;
            }

            return HealthProbe.RunAsync(asked).GetAwaiter().GetResult();
        });
        return health;
    }

    private static Command BackupCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the copy; must not exist yet." };
        var backup = new Command("backup", "Write a consistent copy of the database while the server keeps running, then check the copy (PostgreSQL: a pg_dump custom-format archive, restored with pg_restore).");
        backup.Arguments.Add(file);
        backup.SetAction(parse => WithServices(services =>
        {
            try
            {
                var report = services.GetRequiredService<DatabaseBackup>().Backup(parse.GetValue(file)!.FullName);
                Console.WriteLine($"Wrote {report.Path} ({report.Bytes:N0} bytes): {report.Articles} articles, {report.Comments} comments; {report.CheckedBy}: {report.IntegrityCheck}.");
                return report.IntegrityCheck == "ok" ? 0 : 1;
            }
            catch (IOException exception)
            {
                Console.Error.WriteLine(exception.Message);
                return 2;
            }
        }));
        return backup;
    }

    private static Command ImportCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "A WordPress export (WXR) file: Tools → Export in WordPress." };
        var import = new Command("import", """
            Import posts, categories, tags, authors, approved comments and featured images from a WordPress export.
            Safe to run again: posts imported before (by site and post id) are skipped.
            Exit codes: 0 every post imported or already there; 1 some posts failed; 2 the file is missing, not XML,
            malformed or truncated (posts before the fault stay imported); 3 the file holds no post to import.
            """);
        import.Arguments.Add(file);
        import.SetAction(parse => WithServices(services => RunImport(services, parse.GetValue(file)!)));
        return import;
    }

    private static int RunImport(IServiceProvider services, FileInfo path)
    {
        if (!path.Exists)
        {
            Console.Error.WriteLine($"{path.FullName}: no such file.");
            return ImportExitCodes.Unreadable;
        }

        services.GetRequiredService<ISchemaMigrator>().Migrate();
        ImportSummary summary;
        FileStream file;
        try
        {
            file = path.OpenRead();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{path.FullName}: cannot be read: {exception.Message}");
            return ImportExitCodes.Unreadable;
        }

        using (var stream = file)
        {
            var interactive = !Console.IsErrorRedirected;
            summary = services.GetRequiredService<WordPressImporter>().Import(stream, posts =>
            {
                if (interactive)
                {
                    Console.Error.Write($"\rImporting… {posts} posts read, {stream.Position * 100 / Math.Max(stream.Length, 1)}% of the file");
                }
                else if (posts % 100 == 0)
                {
                    Console.Error.WriteLine($"Importing… {posts} posts read");
                }
            });
            if (interactive)
            {
                Console.Error.WriteLine();
            }
        }

        foreach (var outcome in summary.Outcomes.Where(o => o.Result != "imported" || o.Reason is not null))
        {
            Console.WriteLine($"{outcome.Result}: {outcome.Post}: {outcome.Reason}");
        }

        Console.WriteLine($"Imported {summary.Imported} articles and {summary.Comments} comments; skipped {summary.Skipped}; failed {summary.Failed}.");
        var skippedWhy = summary.Outcomes.Where(o => o.Result == "skipped").GroupBy(o => o.Kind ?? "other")
            .Select(g => $"{g.Count()} {g.Key}").ToList();
        Console.WriteLine(
            $"Skipped: {(skippedWhy.Count == 0 ? "none" : string.Join(", ", skippedWhy))}. "
            + $"Pingbacks and trackbacks skipped: {summary.PingbacksSkipped}. "
            + $"Password-protected posts imported as drafts: {summary.Protected}.");

        if (summary.ReadError is { } error)
        {
            // One line, no stack trace: where the file stops being XML, what the parser expected, and what got in before.
            Console.Error.WriteLine(
                $"{path.FullName}:{error.Line}:{error.Column}: not a readable WordPress export: {error.Message} "
                + $"(posts imported before it: {summary.Imported})");
            return ImportExitCodes.Unreadable;
        }

        if (!summary.FoundPosts)
        {
            Console.Error.WriteLine($"{path.FullName}: no post to import (is it a WordPress export with posts?).");
            return ImportExitCodes.NothingImportable;
        }

        return summary.Failed == 0 ? ImportExitCodes.Done : ImportExitCodes.SomeFailed;
    }

    private static Command KeysCommand()
    {
        var keys = new Command("keys", "Create, list and revoke API keys for the editorial API.");

        var name = new Option<string>("--name") { Description = "Who or what the key is for.", Required = true };
        var scopes = new Option<string>("--scopes") { Description = $"Comma-separated: {string.Join(", ", ApiKeyStore.KnownScopes)}.", Required = true };
        var create = new Command("create", "Create a key. The secret is printed once, alone on the last line; only its hash is stored.");
        create.Options.Add(name);
        create.Options.Add(scopes);
        create.SetAction(parse => WithServices(services =>
        {
            var wanted = parse.GetValue(scopes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = wanted.Except(ApiKeyStore.KnownScopes).ToList();
            if (wanted.Length == 0 || unknown.Count > 0)
            {
                Console.Error.WriteLine($"Unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", ApiKeyStore.KnownScopes)}.");
                return 2;
            }

            var keyName = parse.GetValue(name)!;
            if (XmlCharacters.IndexOfForbidden(keyName) >= 0)
            {
                Console.Error.WriteLine(Http.Messages.ForbiddenCharacter("--name"));
                return 2;
            }

            services.GetRequiredService<ISchemaMigrator>().Migrate();
            var key = services.GetRequiredService<ApiKeyStore>().Create(keyName, wanted.Distinct().ToList());
            Console.WriteLine($"Created key {key.Info.Id} ({key.Info.Name}) with scopes {string.Join(", ", key.Info.Scopes)}. Store it now: it is not shown again.");
            Console.WriteLine(key.Secret);
            return 0;
        }));

        var list = new Command("list", "List keys (never their secrets).");
        list.SetAction(_ => WithServices(services =>
        {
            services.GetRequiredService<ISchemaMigrator>().Migrate();
            foreach (var key in services.GetRequiredService<ApiKeyStore>().List())
            {
                var state = key.RevokedAt is { } revoked ? $"revoked {revoked:u}" : "active";
                Console.WriteLine($"{key.Id}\t{key.Prefix}…\t{key.Name}\t{string.Join(",", key.Scopes)}\tcreated {key.CreatedAt:u}\t{state}");
            }

            return 0;
        }));

        var id = new Argument<long>("id") { Description = "The key's id, from 'keys list'." };
        var revoke = new Command("revoke", "Revoke a key: requests with it get 401 from then on.");
        revoke.Arguments.Add(id);
        revoke.SetAction(parse => WithServices(services =>
        {
            services.GetRequiredService<ISchemaMigrator>().Migrate();
            if (!services.GetRequiredService<ApiKeyStore>().Revoke(parse.GetValue(id)))
            {
                Console.Error.WriteLine($"No active key has id {parse.GetValue(id)}.");
                return 1;
            }

            Console.WriteLine($"Revoked key {parse.GetValue(id)}.");
            return 0;
        }));

        keys.Subcommands.Add(create);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(revoke);
        return keys;
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
