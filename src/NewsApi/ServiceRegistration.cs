using FluentValidation;
using Microsoft.Extensions.Options;
using NewsApi.Articles;
using NewsApi.Authors;
using NewsApi.Categories;
using NewsApi.Data;
using NewsApi.Search;
using NewsApi.Tags;

namespace NewsApi;

/// <summary>The services both the web host and the CLI need.</summary>
public static class ServiceRegistration
{
    public const string DefaultConnectionString = "Data Source=data/news.db";

    public static IServiceCollection AddNewsApiCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NewsApiOptions>(configuration.GetSection(NewsApiOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<Observability.NewsApiMetrics>();

        // Resolved lazily so that configuration added by a test host or the command line is already in place.
        services.AddSingleton<Database>(provider =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<NewsApiOptions>>();
            var connectionStrings = provider.GetRequiredService<IConfiguration>();
            var clock = provider.GetRequiredService<TimeProvider>();
            var metrics = provider.GetRequiredService<Observability.NewsApiMetrics>();
            return options.CurrentValue.Database.Provider switch
            {
                DatabaseEngine.Postgres => new Data.Postgres.PostgresDatabase(
                    connectionStrings.GetConnectionString("News")
                        ?? throw new InvalidOperationException("NewsApi:Database:Provider is Postgres: set ConnectionStrings:News to the server's Npgsql connection string."),
                    connectionStrings.GetConnectionString("NewsReadOnly"),
                    clock) { Metrics = metrics },
                _ => new Data.Sqlite.SqliteDatabase(
                    connectionStrings.GetConnectionString("News") ?? DefaultConnectionString,
                    options.CurrentValue.Database.Synchronous,
                    () => options.CurrentValue.Database.MaxPageCount,
                    clock) { Metrics = metrics },
            };
        });
        services.AddSingleton<ISchemaMigrator>(provider => provider.GetRequiredService<Database>() switch
        {
            Data.Postgres.PostgresDatabase postgres => new Data.Postgres.PostgresMigrator(
                postgres.ConnectionString, provider.GetRequiredService<ILogger<Data.Postgres.PostgresMigrator>>()),
            Data.Sqlite.SqliteDatabase sqlite => new Migrator(sqlite, provider.GetRequiredService<ILogger<Migrator>>()),
            var other => throw new InvalidOperationException($"No migrator for {other.Engine}."),
        });
        services.AddSingleton<DeploymentSecret>();
        services.AddMetrics();
        // Resolved lazily too, and connected on first use: the CLI never asks for it, so it never connects to Redis.
        services.AddSingleton(provider => new Http.SharedLimits(
            provider.GetRequiredService<IConfiguration>().GetConnectionString("Redis") is { Length: > 0 } redis
                ? new Http.RedisLimitStore(
                    redis,
                    provider.GetRequiredService<IOptions<NewsApiOptions>>().Value.Limits.RedisKeyPrefix,
                    provider.GetRequiredService<DeploymentSecret>(),
                    provider.GetRequiredService<Observability.NewsApiMetrics>(),
                    provider.GetRequiredService<ILogger<Http.RedisLimitStore>>())
                : null));
        services.AddSingleton<DemoContentSeeder>();
        services.AddSingleton<DatabaseStartup>();
        services.AddSingleton<ContentState>();
        services.AddSingleton<ContentMemo>();
        services.AddSingleton<Articles.ArticleScopes>();
        services.AddSingleton<PublicArticles>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<CategoryStore>();
        services.AddSingleton<TagStore>();
        services.AddSingleton<AuthorStore>();
        services.AddSingleton<SearchStore>();
        // Search suggestions (issue 18).
        services.AddSingleton<SuggestionStore>();
        services.AddSingleton<SearchAdmission>();
        services.AddSingleton<Admin.AdminArticleStore>();
        services.AddSingleton<Admin.ApiKeyStore>();
        services.AddSingleton<Admin.TaxonomyStore>();
        services.AddSingleton<Related.RelatedStore>();
        services.AddSingleton<Related.RelatedLinkStore>();
        services.AddSingleton<Feeds.FeedStore>();
        services.AddSingleton<Import.WordPressImporter>();
        services.AddSingleton<Cli.SyntheticCorpus>();
        // Issue 18 (compact bodies): rewrites bodies stored before migration 0017 / postgres 0015.
        services.AddSingleton<BodyCompaction>();
        services.AddSingleton<StorageReport>();
        services.AddSingleton<DatabaseBackup>();
        services.AddSingleton<Comments.CommentStore>();
        services.AddSingleton<Comments.CommentModeration>();
        services.AddSingleton<Comments.CommentRateLimiter>();
        services.AddSingleton<Comments.CommentFloodGate>(provider =>
            provider.GetRequiredService<Http.SharedLimits>().Redis is { } redis
                ? new Comments.RedisCommentFloodGate(redis, provider.GetRequiredService<IOptions<NewsApiOptions>>())
                : new Comments.InProcessCommentFloodGate(provider.GetRequiredService<IOptions<NewsApiOptions>>()));
        services.AddSingleton<Comments.CommenterTokens>();
        services.AddSingleton<Comments.CommentSubmission>();
        // Sync feed for offline clients (issue 16).
        services.AddSingleton<Sync.SyncTokens>();
        services.AddSingleton<Sync.SyncStore>();
        // Webhooks (issue 16): subscriptions and their deliveries; the worker is added by the web host (Program.cs).
        services.AddSingleton<Webhooks.WebhookStore>();
        // Old links of an imported site (issue 17).
        services.AddSingleton<Redirects.RedirectStore>();
        services.AddOptions<NewsApiOptions>()
            .Validate(o => Comments.CommentModeration.Modes.Contains(o.Comments.Moderation, StringComparer.OrdinalIgnoreCase),
                "NewsApi:Comments:Moderation must be manual, auto or trusted.")
            .ValidateOnStart();

        ValidatorOptions.Global.LanguageManager.Enabled = true;
        // Messages name fields as clients write them (camelCase JSON), e.g. "'title' must not be empty."
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
        return services;
    }
}
