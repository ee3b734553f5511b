using System.Net;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>GET /api/v1/search/suggest over the demo content, on the engine under test.</summary>
public sealed class SuggestionTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _client;

    public SuggestionTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task<List<(string Text, string Kind, string Slug)>> SuggestAsync(string prefix)
    {
        var body = await (await _client.GetAsync("/api/v1/search/suggest?q=" + Uri.EscapeDataString(prefix))).JsonAsync();
        return body.GetProperty("items").EnumerateArray()
            .Select(item => (item.GetProperty("text").GetString()!, item.GetProperty("kind").GetString()!, item.GetProperty("slug").GetString()!))
            .ToList();
    }

    [Theory]
    [InlineData("الروس")] // the seed page's الروسى, typed as a prefix
    [InlineData("الروسي")] // ى typed as ي
    [InlineData("روس")] // without the article ال
    [InlineData("وزير الدف")] // the start of two words
    [InlineData("الـدفـاع الـرو")] // tatweel
    [InlineData("الدِّفَاعِ")] // harakat
    [InlineData("كوريا الشماليه")] // ة typed as ه
    public async Task The_seed_article_is_suggested_for_a_prefix_of_its_title_however_it_is_spelled(string prefix)
    {
        var suggestions = await SuggestAsync(prefix);

        Assert.Contains((SeedArticle.Title, "article", SeedArticle.Slug), suggestions);
    }

    [Fact]
    public async Task A_hamza_form_typed_as_bare_alef_finds_the_title_that_has_it()
    {
        var suggestions = await SuggestAsync("اسعار النف");

        Assert.Contains(suggestions, s => s.Kind == "article" && s.Text.Contains("أسعار النفط", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Categories_tags_and_authors_are_suggested_before_articles()
    {
        var category = await SuggestAsync("اخبار عالمي");
        var tag = await SuggestAsync("روسي");
        var author = await SuggestAsync("سامح");

        Assert.Equal(("اخبار عالمية وسفارات", "category", SeedArticle.CategorySlug), category[0]);
        Assert.Contains(tag, s => s.Kind == "tag" && s.Text == "روسيا");
        Assert.Equal("tag", tag[0].Kind);
        Assert.Equal(("سامح عبد الرحمن", "author"), (author[0].Text, author[0].Kind));
    }

    [Fact]
    public async Task Drafts_are_never_suggested_and_a_scheduled_article_is_once_its_time_comes()
    {
        var newsroom = new Newsroom(_factory);
        await newsroom.DraftAsync("مسودة عن جزر اللازوردية النائية", SeedArticle.CategorySlug);
        await newsroom.PublishAsync("مقال مجدول عن جزر الكهرمانية البعيدة", SeedArticle.CategorySlug, at: _factory.Clock.Now.AddHours(2));

        Assert.Empty(await SuggestAsync("اللازورد"));
        Assert.Empty(await SuggestAsync("الفيروزي")); // the demo content's draft
        Assert.Empty(await SuggestAsync("الكهرمان"));

        _factory.Clock.Now = _factory.Clock.Now.AddHours(3);
        Assert.Contains(await SuggestAsync("الكهرمان"), s => s.Kind == "article" && s.Text == "مقال مجدول عن جزر الكهرمانية البعيدة");
    }

    [Fact]
    public async Task At_most_ten_suggestions_come_back_newest_articles_first()
    {
        var newsroom = new Newsroom(_factory);
        for (var i = 1; i <= 12; i++)
        {
            await newsroom.PublishAsync($"سلسلة المرجانية الحلقة {i}", SeedArticle.CategorySlug, at: _factory.Clock.Now.AddMinutes(-60 + i));
        }

        var suggestions = await SuggestAsync("المرجان");

        Assert.Equal(10, suggestions.Count);
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(i => $"سلسلة المرجانية الحلقة {i}"), suggestions.Select(s => s.Text));
    }

    [Theory]
    [InlineData("", "en")]
    [InlineData("   ", "ar")]
    [InlineData("!!!", "en")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f", "ar")] // 51 characters
    public async Task A_prefix_that_is_empty_too_long_or_without_letters_is_refused_in_the_clients_language(string prefix, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search/suggest?q=" + Uri.EscapeDataString(prefix));
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await _client.SendAsync(request);
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = problem.GetProperty("errors").GetProperty("q")[0].GetString()!;
        Assert.Equal(language == "ar", message.Any(c => c is >= '\u0600' and <= '\u06FF'));
    }

    [Fact]
    public async Task A_missing_prefix_and_a_fifty_character_one_are_told_apart()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/search/suggest")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/search/suggest?q=" + new string('ب', 50))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/search/suggest?q=ا")).StatusCode);
    }

    [Fact]
    public async Task A_suggestion_answer_is_revalidated_and_moves_when_a_matching_article_is_published()
    {
        const string path = "/api/v1/search/suggest?q=%D8%A7%D9%84%D8%B9%D9%82%D9%8A%D9%82"; // العقيق
        var before = await _client.GetAsync(path);
        var etag = before.Headers.ETag!.Tag;
        Assert.Equal(0, (await before.JsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Contains("public", before.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using (var again = new HttpRequestMessage(HttpMethod.Get, path))
        {
            again.Headers.TryAddWithoutValidation("If-None-Match", etag);
            Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);
        }

        var id = await new Newsroom(_factory).PublishAsync("معرض العقيق اليمنى يفتح أبوابه", SeedArticle.CategorySlug);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, path);
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var after = await _client.SendAsync(revalidate);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag!.Tag);
        var items = (await after.JsonAsync()).GetProperty("items");
        Assert.Equal("معرض العقيق اليمنى يفتح أبوابه", items[0].GetProperty("text").GetString());

        await new Newsroom(_factory).UnpublishAsync(id);
        Assert.Empty(await SuggestAsync("العقيق"));
    }
}
