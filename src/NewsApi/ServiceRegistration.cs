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

        // Resolved lazily so that configuration added by a test host or the command line is already in place.
        services.AddSingleton(provider => new Database(
            provider.GetRequiredService<IConfiguration>().GetConnectionString("News") ?? DefaultConnectionString,
            provider.GetRequiredService<IOptions<NewsApiOptions>>().Value.Database.Synchronous));
        services.AddSingleton<Migrator>();
        services.AddSingleton<DemoContentSeeder>();
        services.AddSingleton<DatabaseStartup>();
        services.AddSingleton<ContentState>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<CategoryStore>();
        services.AddSingleton<TagStore>();
        services.AddSingleton<AuthorStore>();
        services.AddSingleton<SearchStore>();

        ValidatorOptions.Global.LanguageManager.Enabled = true;
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
        return services;
    }
}
