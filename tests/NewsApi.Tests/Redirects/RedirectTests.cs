using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Import;
using NewsApi.Redirects;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Redirects;

/// <summary>
/// Old links (issue 17): the WordPress addresses an import records lead, through GET /api/v1/redirects, to the public
/// article, category or tag they named, under its current slug. Checked through the public API on the engine under test.
/// </summary>
public sealed class RedirectTests : IDisposable
{
    public static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "links", "old-links.xml");

    private const string SeedSlug = "رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى";
    private const string WorldSlug = "اخبار-عالمية-وسفارات";

    private readonly NewsApiFactory _factory = new NewsApiFactory().With("NewsApi:Database:SeedDemoContent", "false");
    private readonly HttpClient _client;
    private readonly Newsroom _newsroom;

    public RedirectTests()
    {
        using (var stream = File.OpenRead(FixturePath))
        {
            var summary = _factory.Services.GetRequiredService<WordPressImporter>().Import(stream);
            Assert.Equal(4, summary.Imported);
        }

        _client = _factory.CreateClient();
        _newsroom = new Newsroom(_factory);
    }

    public void Dispose() => _factory.Dispose();

    private Task<HttpResponseMessage> Lookup(string path, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/redirects?path=" + Uri.EscapeDataString(path));
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return _client.SendAsync(request);
    }

    private async Task<(string Location, string Kind, int Id, string Slug)> FoundAsync(string path)
    {
        var target = await (await Lookup(path)).JsonAsync();
        return (target.GetProperty("location").GetString()!, target.GetProperty("kind").GetString()!, target.GetProperty("id").GetInt32(), target.GetProperty("slug").GetString()!);
    }

    private async Task NotFoundAsync(string path)
    {
        var problem = await (await Lookup(path)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("old address", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_permalink_of_an_imported_post_leads_to_its_article_however_it_is_spelt()
    {
        var upper = Uri.EscapeDataString(SeedSlug);
        var lower = upper.ToLowerInvariant();
        string[] spellings =
        [
            $"/2024/11/29/{lower}/",
            $"/2024/11/29/{upper}/",
            $"/2024/11/29/{SeedSlug}/",
            $"/2024/11/29/{SeedSlug}",
            $"https://akhbar.example/2024/11/29/{lower}/",
            $"http://www.akhbar.example/2024/11/29/{upper}/?utm_source=facebook&utm_medium=social#comments",
        ];
        var id = _newsroom.ArticleId(SeedSlug);

        foreach (var spelling in spellings)
        {
            Assert.Equal(("/api/v1/articles/" + upper, "article", id, SeedSlug), await FoundAsync(spelling));
        }

        var article = await (await _client.GetAsync("/api/v1/articles/" + upper)).JsonAsync();
        Assert.Equal("رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى", article.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_short_link_and_a_guid_on_the_site_lead_to_the_article_and_a_guid_of_another_host_was_never_an_address()
    {
        var seed = _newsroom.ArticleId(SeedSlug);
        var markets = _newsroom.ArticleId("markets-close-higher");

        Assert.Equal(seed, (await FoundAsync("/?p=35")).Id);
        Assert.Equal(seed, (await FoundAsync("https://akhbar.example/?p=35")).Id);
        Assert.Equal(seed, (await FoundAsync("/index.php?p=35&utm_campaign=weekly")).Id);
        Assert.Equal(markets, (await FoundAsync("/?p=37")).Id);
        Assert.Equal("/api/v1/articles/markets-close-higher", (await FoundAsync("/2024/12/01/markets-close-higher")).Location);
        Assert.Equal(_newsroom.ArticleId("خبر-قصير"), (await FoundAsync("/archives/38/")).Id);
        await NotFoundAsync("/archives/9001/");
        await NotFoundAsync("/?p=350");
        await NotFoundAsync("/");
    }

    [Fact]
    public async Task Category_and_tag_archives_lead_to_their_public_pages()
    {
        var world = Uri.EscapeDataString(WorldSlug);
        var news = Uri.EscapeDataString("أخبار");

        Assert.Equal(("/api/v1/categories/" + world, "category", _newsroom.CategoryId(WorldSlug), WorldSlug), await FoundAsync($"/category/أخبار/{WorldSlug}/"));
        Assert.Equal(WorldSlug, (await FoundAsync($"/category/{news.ToLowerInvariant()}/{world}")).Slug);
        Assert.Equal(WorldSlug, (await FoundAsync($"/category/{WorldSlug}/")).Slug);
        Assert.Equal(("/api/v1/categories/" + news, "category", _newsroom.CategoryId("أخبار"), "أخبار"), await FoundAsync($"/category/{news}/"));
        Assert.Equal("economy", (await FoundAsync("/category/economy/")).Slug);

        var russia = await FoundAsync("/tag/روسيا/");
        Assert.Equal(("/api/v1/articles?tag=" + Uri.EscapeDataString("روسيا"), "tag", "روسيا"), (russia.Location, russia.Kind, russia.Slug));
        Assert.Equal("/api/v1/articles?tag=markets", (await FoundAsync("https://akhbar.example/tag/markets/")).Location);

        var category = await (await _client.GetAsync("/api/v1/categories/" + world)).JsonAsync();
        var tagged = await (await _client.GetAsync(russia.Location)).JsonAsync();
        Assert.Equal("اخبار عالمية وسفارات", category.GetProperty("name").GetString());
        Assert.Equal([SeedSlug], tagged.GetProperty("items").Strings("slug"));
    }

    [Fact]
    public async Task A_draft_s_address_leads_nowhere_until_it_is_published()
    {
        await NotFoundAsync("/?p=36");

        var id = _newsroom.ArticleId("مسودة-عن-زيارة-الوفد");
        await (await _newsroom.Editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { })).JsonAsync();

        Assert.Equal(id, (await FoundAsync("/?p=36")).Id);
    }

    [Fact]
    public async Task An_unpublished_or_deleted_article_s_addresses_and_its_emptied_category_and_tag_lead_nowhere()
    {
        var seed = _newsroom.ArticleId(SeedSlug);
        var markets = _newsroom.ArticleId("markets-close-higher");
        Assert.Equal(markets, (await FoundAsync("/?p=37")).Id);
        Assert.Equal("markets", (await FoundAsync("/tag/markets/")).Slug);

        await _newsroom.UnpublishAsync(seed);
        Assert.Equal(HttpStatusCode.NoContent, (await _newsroom.Editor.DeleteAsync($"/api/v1/admin/articles/{markets}")).StatusCode);

        await NotFoundAsync("/?p=35");
        await NotFoundAsync($"/2024/11/29/{SeedSlug}/");
        await NotFoundAsync("/tag/روسيا/");
        await NotFoundAsync($"/category/{WorldSlug}/");
        await NotFoundAsync("/?p=37");
        await NotFoundAsync("/tag/markets/");
        await NotFoundAsync("/category/economy/");
        // The parent category still has a public article of its own (post 38).
        Assert.Equal("أخبار", (await FoundAsync("/category/أخبار/")).Slug);
    }

    [Fact]
    public async Task An_article_an_editor_renames_is_found_under_its_new_slug_and_the_answer_s_validators_move()
    {
        var id = _newsroom.ArticleId(SeedSlug);
        var first = await Lookup("/?p=35");
        var etag = first.Headers.ETag!.Tag;
        Assert.Equal($"article-{id}", string.Join(' ', first.Headers.GetValues("Surrogate-Key")));
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/v1/redirects?path=" + Uri.EscapeDataString("/?p=35"));
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(revalidate)).StatusCode);

        const string renamed = "كيم-يستقبل-وزير-الدفاع-الروسى";
        var current = await _newsroom.Editor.GetAsync($"/api/v1/admin/articles/{id}");
        var article = await current.JsonAsync();
        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}")
        {
            Content = JsonContent.Create(new
            {
                title = article.GetProperty("title").GetString(),
                bodyHtml = article.GetProperty("content").GetProperty("html").GetString(),
                categoryId = article.GetProperty("category").GetProperty("id").GetInt32(),
                slug = renamed,
            }),
        };
        rename.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        await (await _newsroom.Editor.SendAsync(rename)).JsonAsync();

        var after = await Lookup($"/2024/11/29/{SeedSlug}/");
        var target = await after.JsonAsync();
        Assert.Equal(renamed, target.GetProperty("slug").GetString());
        Assert.Equal("/api/v1/articles/" + Uri.EscapeDataString(renamed), target.GetProperty("location").GetString());
        Assert.NotEqual(etag, (await Lookup("/?p=35")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_path_is_required_and_bounded_refused_in_the_reader_s_language_and_no_value_is_a_500()
    {
        var missing = await (await _client.GetAsync("/api/v1/redirects")).ProblemAsync(HttpStatusCode.BadRequest);
        var blank = await (await Lookup("  ", "ar")).ProblemAsync(HttpStatusCode.BadRequest);
        var tooLong = await (await Lookup("/" + new string('a', RedirectPaths.MaxLength))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("'path' is required", missing.GetProperty("errors").GetProperty("path")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("مطلوب", blank.GetProperty("errors").GetProperty("path")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("2000", tooLong.GetProperty("errors").GetProperty("path")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Lookup("/" + new string('a', RedirectPaths.MaxLength - 1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/redirects?path=%00")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/redirects?path=/%D8%B1%ED%A0%80%25%FF")).StatusCode);
        var arabic = await (await Lookup("/2019/03/05/خبر-قديم/", "ar")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("العنوان القديم", arabic.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
