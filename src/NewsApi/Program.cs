using NewsApi;
using NewsApi.Admin;
using NewsApi.Articles;
using NewsApi.Authors;
using NewsApi.Categories;
using NewsApi.Cli;
using NewsApi.Comments;
using NewsApi.Data;
using NewsApi.Feeds;
using NewsApi.Health;
using NewsApi.Home;
using NewsApi.Http;
using NewsApi.Observability;
using NewsApi.OpenApi;
using NewsApi.Preview;
using NewsApi.Reader;
using NewsApi.Redirects;
using NewsApi.Related;
using NewsApi.Search;
using NewsApi.Sync;
using NewsApi.Tags;

// The same executable is the CLI: `NewsApi migrate`, `NewsApi seed`, …; with no command it serves HTTP.
if (CliApp.Handles(args))
{
    return CliApp.Run(args);
}

var builder = WebApplication.CreateBuilder(args);
if (DefaultListenAddress.For(builder.Configuration) is { } defaultUrl)
{
    builder.WebHost.UseUrls(defaultUrl);
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    // Public routes take small bodies; the admin group raises the limit for its routes (NewsApi:Http:AdminMaxRequestBodyBytes).
    kestrel.Limits.MaxRequestBodySize = CommentSubmission.MaxRequestBodyBytes;
});
builder.Services.AddNewsApiCore(builder.Configuration);
builder.AddNewsApiObservability();
builder.Services.AddApiKeyAuthentication();
builder.Services.AddNewsApiHttp();
builder.Services.AddFeedLinks();
builder.Services.AddNewsApiProblemDetails();
builder.Services.AddNewsApiOpenApi();
builder.Services.AddHostedService<RelatedWordsIndexer>();
builder.Services.AddPreviews();
builder.Services.AddHostedService<NewsApi.Webhooks.WebhookSender>();
// Issue 18 (compact bodies): bodies stored before migration 0017 / postgres 0015, rewritten a batch at a time.
builder.Services.AddHostedService<BodyCompactor>();

var app = builder.Build();
app.Services.GetRequiredService<DatabaseStartup>().Run();
app.Services.GetRequiredService<PreviewTokens>().PrepareKeyRing();

// First, so that everything after it (rate limits, stored comments) sees the client's address, not the proxy's.
app.UseNewsApiForwardedHeaders();
app.UseNewsApiProblemDetails();
app.UseNewsApiHttp();
app.UseAuthentication();
app.UseAuthorization();
if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NewsApiOptions>>().Value.Docs.Enabled)
{
    app.UseNewsApiOpenApi();
}

var publicApi = app.MapGroup("/api/v1")
    .RefusesUnknownQueryParameters()
    .AddEndpointFilter<ConditionalGetFilter>()
    .CacheOutput(PublicOutputCachePolicy.Name)
    .RequireCors(HttpSetup.PublicCorsPolicy)
    .ProducesStorageUnavailableOnWrites();
publicApi.MapArticles();
publicApi.MapCategories();
publicApi.MapTags();
publicApi.MapAuthors();
publicApi.MapRelated();
publicApi.MapSearch();
publicApi.MapComments();
publicApi.MapSync();
// Old links (issue 17).
publicApi.MapRedirects();
app.MapAdmin();
app.MapPreviews();
app.MapFeeds();
app.MapHealth();
app.MapHome();
app.MapNewsApiMetrics();
// The reference reader's static files at /reader/ when NewsApi:Reader:Enabled is true (issue 19).
app.MapReader();

app.Run();
return 0;

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
