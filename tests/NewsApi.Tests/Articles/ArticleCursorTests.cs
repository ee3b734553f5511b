using System.Net;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Articles;

/// <summary>Keyset paging of GET /api/v1/articles: <c>cursor</c> in, <c>nextCursor</c> out.</summary>
public sealed class ArticleCursorTests : IDisposable
{
    // Each test gets its own database: some publish and unpublish between pages.
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _client;

    public ArticleCursorTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    /// <summary>Follows <c>nextCursor</c> from the first numbered page to the end; runs <paramref name="between"/> after each page.</summary>
    private async Task<List<string>> WalkAsync(string query, Func<int, Task>? between = null)
    {
        var slugs = new List<string>();
        var body = await (await _client.GetAsync($"/api/v1/articles?{query}")).JsonAsync();
        for (var pages = 1; ; pages++)
        {
            slugs.AddRange(body.GetProperty("items").Strings("slug"));
            if (body.GetProperty("nextCursor").GetString() is not { } cursor)
            {
                return slugs;
            }

            Assert.True(pages < 100, "the walk should end");
            if (between is not null)
            {
                await between(pages);
            }

            body = await (await _client.GetAsync($"/api/v1/articles?{query}&cursor={Uri.EscapeDataString(cursor)}")).JsonAsync();
        }
    }

    private async Task<string[]> AllAsync(string query = "") =>
        (await (await _client.GetAsync($"/api/v1/articles?pageSize=100{query}")).JsonAsync()).GetProperty("items").Strings("slug");

    [Theory]
    [InlineData("")]
    [InlineData("&sort=oldest")]
    [InlineData("&category=" + SeedArticle.CategorySlug)]
    public async Task Following_cursors_visits_every_article_once_in_list_order(string filter)
    {
        var expected = await AllAsync(filter);

        var walked = await WalkAsync("pageSize=4" + filter);

        Assert.True(expected.Length > 4, $"the walk should span several pages, has {expected.Length} articles");
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task A_keyset_page_carries_next_cursor_and_links_instead_of_page_counts()
    {
        var first = await (await _client.GetAsync("/api/v1/articles?pageSize=3")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;

        var response = await _client.GetAsync($"/api/v1/articles?pageSize=3&cursor={cursor}");
        var body = await response.JsonAsync();

        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(3, body.GetProperty("items").GetArrayLength());
        Assert.Equal(3, body.GetProperty("pageSize").GetInt32());
        foreach (var counted in new[] { "page", "totalItems", "totalPages" })
        {
            Assert.False(body.TryGetProperty(counted, out _), $"a keyset page has no {counted}");
        }

        Assert.False(response.Headers.Contains("X-Total-Count"));
        var next = body.GetProperty("nextCursor").GetString()!;
        var link = string.Join(",", response.Headers.GetValues("Link"));
        Assert.Contains("</api/v1/articles?pageSize=3>; rel=\"first\"", link, StringComparison.Ordinal);
        Assert.Contains($"</api/v1/articles?pageSize=3&cursor={next}>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.NotEqual(cursor, next);
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor_by_number_or_by_cursor()
    {
        var all = await AllAsync();
        var lastByNumber = await (await _client.GetAsync($"/api/v1/articles?pageSize=5&page={(all.Length + 4) / 5}")).JsonAsync();
        var secondLast = await (await _client.GetAsync($"/api/v1/articles?pageSize={all.Length - 1}")).JsonAsync();

        var lastByCursor = await (await _client.GetAsync($"/api/v1/articles?pageSize=5&cursor={secondLast.GetProperty("nextCursor").GetString()}")).JsonAsync();

        Assert.Equal(JsonValueKind.Null, lastByNumber.GetProperty("nextCursor").ValueKind);
        Assert.Equal([all[^1]], lastByCursor.GetProperty("items").Strings("slug"));
        Assert.Equal(JsonValueKind.Null, lastByCursor.GetProperty("nextCursor").ValueKind);
        Assert.DoesNotContain("rel=\"next\"", string.Join(",", (await _client.GetAsync($"/api/v1/articles?pageSize=5&cursor={secondLast.GetProperty("nextCursor").GetString()}")).Headers.GetValues("Link")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Articles_published_or_withdrawn_during_the_walk_neither_shift_nor_repeat_the_rest()
    {
        var before = await AllAsync();
        var newsroom = new Newsroom(_factory);
        var withdrawn = before[6];
        var published = new List<string>();

        var walked = await WalkAsync("pageSize=4", async page =>
        {
            // Newer than everything walked so far: page numbers would shift by one and repeat an article.
            var id = await newsroom.PublishAsync($"خبر عاجل رقم {page} أثناء التصفح", SeedArticle.CategorySlug);
            published.Add(newsroom.ArticleSlug(id));
            if (page == 1)
            {
                // Withdrawn before its page is served: it must simply be missing, with nothing else lost around it.
                await newsroom.UnpublishAsync(newsroom.ArticleId(withdrawn));
            }
        });

        Assert.Equal(before.Where(slug => slug != withdrawn), walked);
        Assert.DoesNotContain(published, walked.Contains);
        Assert.Equal(walked.Count, walked.Distinct().Count());
    }

    [Fact]
    public async Task A_cursor_still_leads_on_when_the_article_it_names_is_unpublished()
    {
        var before = await AllAsync();
        var page = await (await _client.GetAsync("/api/v1/articles?pageSize=5")).JsonAsync();
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var newsroom = new Newsroom(_factory);

        await newsroom.UnpublishAsync(newsroom.ArticleId(before[4]));
        var next = await (await _client.GetAsync($"/api/v1/articles?pageSize=5&cursor={cursor}")).JsonAsync();

        Assert.Equal(before.Skip(5).Take(5), next.GetProperty("items").Strings("slug"));
    }

    [Fact]
    public async Task Articles_with_the_same_publication_time_are_split_by_id_without_loss()
    {
        using (var db = _factory.OpenDatabase())
        {
            // Six articles at one instant: a cursor on the time alone would skip or repeat some of them.
            db.Execute("""
                UPDATE articles SET published_at = (SELECT published_at FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1 OFFSET 3)
                WHERE id IN (SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 6 OFFSET 3)
                """);
        }

        var expected = await AllAsync();
        var walked = await WalkAsync("pageSize=2");

        Assert.Equal(expected, walked);
    }

    [Theory]
    [InlineData("cursor=", "cursor")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=bnwyMDI0LTExLTA1fDEy", "cursor")] // "n|2024-11-05|12": a date, not the stored instant
    [InlineData("cursor=eHwyMDI0LTExLTA1VDA4OjMwOjAwWnwxMg", "cursor")] // "x|…": unknown direction
    [InlineData("cursor=bnwyMDI0LTExLTA1VDA4OjMwOjAwWnwtMQ", "cursor")] // id -1
    [InlineData("cursor=bnwyMDI0LTExLTA1VDA4OjMwOjAwWnwxMg&page=2", "page")]
    [InlineData("cursor=bnwyMDI0LTExLTA1VDA4OjMwOjAwWnwxMg&q=روسيا", "q")]
    [InlineData("cursor=bnwyMDI0LTExLTA1VDA4OjMwOjAwWnwxMg&sort=oldest", "sort")]
    public async Task A_cursor_the_api_did_not_make_or_mixed_with_page_or_search_is_400(string query, string parameter)
    {
        var problem = await (await _client.GetAsync($"/api/v1/articles?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task A_valid_cursor_with_its_own_sort_is_accepted()
    {
        // "n|2024-11-05T08:30:00Z|12": newest first, so sort=newest agrees with it.
        var response = await _client.GetAsync("/api/v1/articles?cursor=bnwyMDI0LTExLTA1VDA4OjMwOjAwWnwxMg&sort=newest");

        await response.JsonAsync();
    }

    [Fact]
    public async Task The_cursor_error_speaks_arabic_to_arabic_clients()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles?cursor=abc");
        request.Headers.AcceptLanguage.ParseAdd("ar");

        var problem = await (await _client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("nextCursor", problem.GetProperty("errors").GetProperty("cursor")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("ابدأ", problem.GetProperty("errors").GetProperty("cursor")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=501&pageSize=20")]
    [InlineData("page=101&pageSize=100")]
    [InlineData("page=2147483647&pageSize=100")]
    public async Task A_page_past_the_first_10000_articles_is_a_400_that_points_to_cursor(string query)
    {
        var problem = await (await _client.GetAsync($"/api/v1/articles?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("cursor", problem.GetProperty("errors").GetProperty("page")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/articles?page=10001&pageSize=1&q=%D9%83%D9%88%D8%B1%D9%8A%D8%A7", "en", "narrow the search")]
    [InlineData("/api/v1/search?page=334&pageSize=30&q=%D9%83%D9%88%D8%B1%D9%8A%D8%A7", "en", "narrow the search")]
    [InlineData("/api/v1/search?page=101&pageSize=100&q=%D9%83%D9%88%D8%B1%D9%8A%D8%A7", "ar", "ضيّق البحث")]
    public async Task A_search_page_past_the_first_10000_hits_is_a_400_that_says_to_narrow_the_search_not_to_use_cursor(string path, string language, string advice)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);

        var problem = await (await _client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        var message = problem.GetProperty("errors").GetProperty("page")[0].GetString()!;
        Assert.Contains(advice, message, StringComparison.Ordinal);
        Assert.DoesNotContain("cursor", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deepest_numbered_page_answers_and_its_links_stop_there()
    {
        // 500 × 20 = 10,000: the last numbered page allowed, empty on this small corpus, with no link past it.
        using var response = await _client.GetAsync("/api/v1/articles?page=500&pageSize=20");
        var body = await response.JsonAsync();

        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        var links = string.Join(", ", response.Headers.GetValues("Link"));
        Assert.DoesNotContain("page=501", links, StringComparison.Ordinal);
        Assert.Contains("rel=\"first\"", links, StringComparison.Ordinal);
    }
}
