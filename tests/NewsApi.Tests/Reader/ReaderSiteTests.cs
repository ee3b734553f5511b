using System.Net;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Reader;

/// <summary>
/// NewsApi serves the reference reader's built files at /reader/ only when NewsApi:Reader:Enabled is true, from the
/// folder NewsApi:Reader:Path names, and the API beside it answers exactly as before.
/// </summary>
public sealed class ReaderSiteTests : IDisposable
{
    private const string Page = "<!doctype html><html lang=\"ar\" dir=\"rtl\"><title>قارئ الأخبار</title><script src=\"./assets/app-1a2b3c.js\"></script></html>";
    private const string Script = "console.log('reader');";

    private readonly NewsApiFactory _factory = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "newsapi-tests", "reader-" + Guid.NewGuid().ToString("N"));

    public ReaderSiteTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "assets"));
        File.WriteAllText(Path.Combine(_folder, "index.html"), Page);
        File.WriteAllText(Path.Combine(_folder, "assets", "app-1a2b3c.js"), Script);
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_reader_is_not_served_by_default()
    {
        using var client = _factory.With("NewsApi:Reader:Path", _folder).CreateClient();

        foreach (var path in (string[])["/reader", "/reader/", "/reader/index.html", "/reader/assets/app-1a2b3c.js"])
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task An_enabled_reader_serves_its_page_and_assets_from_the_configured_folder()
    {
        using var client = Enabled().CreateClient();

        using var page = await client.GetAsync("/reader/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Page, await page.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);

        using var script = await client.GetAsync("/reader/assets/app-1a2b3c.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Script, await script.Content.ReadAsStringAsync());
        Assert.Contains("immutable", script.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        using var missing = await client.GetAsync("/reader/assets/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_reader_without_its_trailing_slash_redirects_to_it()
    {
        using var client = Enabled().CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/reader?x=1");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/reader/?x=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_enabled_reader_leaves_the_API_and_its_security_policy_unchanged()
    {
        using var client = Enabled().CreateClient();

        using var articles = await client.GetAsync("/api/v1/articles");
        Assert.Equal(HttpStatusCode.OK, articles.StatusCode);
        Assert.Equal("application/json", articles.Content.Headers.ContentType?.MediaType);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", string.Join(' ', articles.Headers.GetValues("Content-Security-Policy")));
        var first = (await articles.JsonAsync()).GetProperty("items")[0].GetProperty("slug").GetString();
        using var article = await client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(first!)}");
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);

        using var unknown = await client.GetAsync("/api/v1/reader");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var root = await client.GetAsync("/");
        Assert.Equal("application/json", root.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_enabled_reader_whose_folder_has_no_page_answers_404_and_the_API_still_starts()
    {
        using var client = _factory.With("NewsApi:Reader:Enabled", "true").With("NewsApi:Reader:Path", Path.Combine(_folder, "absent")).CreateClient();

        using var page = await client.GetAsync("/reader/");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        using var articles = await client.GetAsync("/api/v1/articles");
        Assert.Equal(HttpStatusCode.OK, articles.StatusCode);
    }

    [Fact]
    public void A_relative_reader_path_is_found_under_the_content_root_or_its_nearest_parent_that_has_it()
    {
        var contentRoot = Path.Combine(_folder, "repo", "src", "NewsApi");
        Directory.CreateDirectory(contentRoot);
        var built = Path.Combine(_folder, "repo", "samples", "reader", "dist");
        Directory.CreateDirectory(built);
        File.WriteAllText(Path.Combine(built, "index.html"), Page);

        Assert.Equal(built, NewsApi.Reader.ReaderSite.Folder(contentRoot, "samples/reader/dist"));
        Assert.Equal(built, NewsApi.Reader.ReaderSite.Folder(Path.Combine(_folder, "repo"), "samples/reader/dist"));
        Assert.Equal(Path.Combine(contentRoot, "elsewhere"), NewsApi.Reader.ReaderSite.Folder(contentRoot, "elsewhere"));
        Assert.Equal(Path.Combine(_folder, "absent"), NewsApi.Reader.ReaderSite.Folder(contentRoot, Path.Combine(_folder, "absent")));
    }

    private NewsApiFactory Enabled() => _factory.With("NewsApi:Reader:Enabled", "true").With("NewsApi:Reader:Path", _folder);
}
