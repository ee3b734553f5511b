namespace NewsApi.Tests.Cli;

/// <summary>The CLI run as operators run it: the real executable in a child process, configured by environment.</summary>
public sealed class CliTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => _cli.RunAsync(args);

    private int Count(string sql) => _cli.Count(sql);

    private List<string> Titles(int after) => _cli.Query<string>("SELECT title FROM articles WHERE id > @after ORDER BY id", new { after });

    [Fact]
    public async Task Migrate_creates_the_database_and_reports_when_it_is_up_to_date()
    {
        var first = await RunAsync("migrate");
        var second = await RunAsync("migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applied", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, Count("SELECT count(*) FROM articles"));
    }

    [Fact]
    public async Task Seed_loads_the_demo_content_once()
    {
        var first = await RunAsync("seed");
        var articles = Count("SELECT count(*) FROM articles");
        var second = await RunAsync("seed");

        Assert.Equal(0, first.ExitCode);
        Assert.True(articles >= 28, $"{articles} articles");
        Assert.Contains($"Loaded {articles} demo articles", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(articles, Count("SELECT count(*) FROM articles"));
    }

    [Fact]
    public async Task Seed_generate_adds_deterministic_published_articles_of_realistic_length()
    {
        await RunAsync("seed");
        var demo = Count("SELECT max(id) FROM articles");
        var result = await RunAsync("seed", "--generate", "60");
        var titles = Titles(demo);
        var generated = $"SELECT count(*) FROM articles WHERE id > {demo}";
        // Each body stored once, in the compact form (the blocks inside it keep Arabic as is: StoredBodyTests).
        var outOfShape = Count(generated + " AND (word_count < 300 OR word_count > 1500 OR status <> 'published' OR body IS NULL)");
        var total = Count(generated);
        _cli.Reset();
        await RunAsync("seed", "--generate", "60");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Generated 60 synthetic articles", result.Output, StringComparison.Ordinal);
        Assert.Equal(60, total);
        Assert.Equal(0, outOfShape);
        Assert.Equal(titles, Titles(demo));
    }

    [Fact]
    public async Task Seed_generate_refuses_a_non_positive_count()
    {
        var result = await RunAsync("seed", "--generate", "0");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Keys_create_refuses_a_name_with_a_character_xml_forbids()
    {
        var refused = await RunAsync("keys", "create", "--name", "news\u000Broom", "--scopes", "content:write");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'--name'", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("room", (await RunAsync("keys", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_create_prints_the_key_alone_on_the_last_line_and_list_never_shows_it()
    {
        var created = await RunAsync("keys", "create", "--name", "newsroom", "--scopes", "content:write,comments:moderate");
        var secret = created.Output.TrimEnd().Split('\n')[^1];
        var listed = await RunAsync("keys", "list");
        var refused = await RunAsync("keys", "create", "--name", "x", "--scopes", "everything");

        Assert.Equal(0, created.ExitCode);
        Assert.StartsWith("nk_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length > 40);
        Assert.DoesNotContain(" ", secret, StringComparison.Ordinal);
        Assert.Contains("newsroom", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, refused.ExitCode);

        var revoked = await RunAsync("keys", "revoke", "1");
        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("revoked", (await RunAsync("keys", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_reports_a_summary_and_a_second_run_imports_nothing()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "wordpress-export.xml");

        var first = await RunAsync("import", fixture);
        var second = await RunAsync("import", fixture);

        // Issue #17: the published post without content imports now (WordPress publishes it), so nothing fails.
        Assert.Contains("Imported 6 articles and 2 comments; skipped 3; failed 0.", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Imported 0 articles and 0 comments; skipped 9; failed 0.", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
    }

    [Fact]
    public async Task Search_index_rebuild_indexes_every_article()
    {
        await RunAsync("seed");

        var result = await RunAsync("search-index", "rebuild");

        var articles = Count("SELECT count(*) FROM articles");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{articles} article(s) indexed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_fails_with_usage()
    {
        var result = await RunAsync("migrate", "--bogus");

        Assert.NotEqual(0, result.ExitCode);
    }
}
