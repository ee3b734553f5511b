using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NewsApi.Tests.Infrastructure;

/// <summary>
/// The real application over HTTP, on a database of its own of the engine under test (<see cref="TestEngine"/>): a
/// SQLite file in a temp folder, or a fresh PostgreSQL database on the test server, dropped afterwards. Migrated and
/// seeded exactly as in production. The clock can be moved to test time-dependent visibility.
/// </summary>
public sealed class NewsApiFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public NewsApiFactory()
    {
        Directory.CreateDirectory(_directory);
        if (TestEngine.IsPostgres)
        {
            _postgresConnectionString = PostgresServer.CreateDatabase();
        }

        // Every TestServer request comes from no address, so a test class's searches would share one budget; the tests
        // of the limit turn it on again.
        _settings["NewsApi:Search:RateLimit:PermitLimit"] = "0";
    }

    public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public string DatabasePath => Path.Combine(_directory, "news.db");

    private readonly string? _postgresConnectionString;

    public static NewsApi.Data.DatabaseEngine Engine => TestEngine.Current;

    /// <summary>The test database's connection string: a SQLite file's, or a PostgreSQL database's (Npgsql syntax).</summary>
    public string ConnectionString => _postgresConnectionString ?? $"Data Source={DatabasePath}";

    /// <summary>Sets a configuration value before the host starts.</summary>
    public NewsApiFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>
    /// A connection to the test database, for arranging data the public API cannot write. It comes from the
    /// application's <see cref="NewsApi.Data.Database"/>, so it has the pragmas and the SQL functions the search
    /// index triggers call.
    /// </summary>
    public DbConnection OpenDatabase()
    {
        _ = Server; // make sure start-up (migrations, seed) has run
        return Services.GetRequiredService<NewsApi.Data.Database>().Open();
    }

    /// <summary>
    /// Writes with raw SQL on a connection of its own, as an import, the CLI or an operator's shell would, and returns once
    /// this host has seen the write: a write that changes public content moves the content version, which SQLite's
    /// <c>data_version</c> shows at once and PostgreSQL's NOTIFY within milliseconds (a second or so at worst, while the
    /// listener reconnects). A write that changes nothing public moves nothing, and the wait ends after that bound.
    /// </summary>
    public void WriteRaw(string sql, object? parameters = null)
    {
        var state = Services.GetRequiredService<NewsApi.Data.ContentState>();
        var before = state.Current().Version;
        using (var db = OpenDatabase())
        {
            db.Execute(sql, parameters);
        }

        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (TestEngine.IsPostgres && state.Current().Version == before && patience.Elapsed < TimeSpan.FromSeconds(2))
        {
            Thread.Sleep(20);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:News", ConnectionString);
        builder.UseSetting("NewsApi:Database:Provider", Engine.ToString());
        // Production wants to know the site's hosts (or NewsApi:PublicBaseUrl) before building links from a request.
        builder.UseSetting("AllowedHosts", "localhost;127.0.0.1");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (_postgresConnectionString is not null)
        {
            PostgresServer.DropDatabase(_postgresConnectionString);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the run for it is not.
        }
    }
}

public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
