using Microsoft.Extensions.DependencyInjection;
using NewsApi.Articles;
using NewsApi.Authors;
using NewsApi.Categories;
using NewsApi.Data;
using NewsApi.Search;
using NewsApi.Tags;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// Suggestions for articles older than the newest titles <see cref="SuggestionStore"/> keeps in memory: answered from
/// the prefix's keys, ordered by publication in memory. The demo content is smaller than the 1,000 titles kept, so the
/// store here keeps 3, and the matching articles are pushed out of them by newer ones.
/// </summary>
public sealed class SuggestionBeyondNewestTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly SuggestionStore _store;

    public SuggestionBeyondNewestTests()
    {
        _factory.CreateClient().Dispose();
        var services = _factory.Services;
        _store = new SuggestionStore(services.GetRequiredService<Database>(), services.GetRequiredService<ArticleStore>(),
            services.GetRequiredService<ContentMemo>(), services.GetRequiredService<CategoryStore>(),
            services.GetRequiredService<TagStore>(), services.GetRequiredService<AuthorStore>())
        { Newest = 3 };
    }

    public void Dispose() => _factory.Dispose();

    private List<string> Titles(string prefix) =>
        _store.Suggest(prefix).Where(s => s.Kind == SuggestionKind.Article).Select(s => s.Text).ToList();

    [Fact]
    public async Task Older_articles_come_from_their_keys_newest_first_and_leave_as_soon_as_they_are_unpublished()
    {
        var newsroom = new Newsroom(_factory);
        var ids = new Dictionary<int, int>();
        for (var i = 1; i <= 12; i++)
        {
            ids[i] = await newsroom.PublishAsync($"سلسلة الزبرجدية الحلقة {i}", SeedArticle.CategorySlug, at: _factory.Clock.Now.AddMinutes(-60 + i));
        }

        await newsroom.DraftAsync("مسودة الزبرجدية الأحدث", SeedArticle.CategorySlug);
        for (var i = 1; i <= 3; i++)
        {
            await newsroom.PublishAsync($"خبر عاجل آخر رقم {i}", SeedArticle.CategorySlug);
        }

        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(i => $"سلسلة الزبرجدية الحلقة {i}"), Titles("الزبرج"));
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(i => $"سلسلة الزبرجدية الحلقة {i}"), Titles("زبرجديه"));

        await newsroom.UnpublishAsync(ids[12]);

        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => $"سلسلة الزبرجدية الحلقة {i}"), Titles("الزبرج"));
    }

    [Fact]
    public async Task A_new_article_among_the_newest_titles_and_an_older_one_come_in_publication_order()
    {
        var newsroom = new Newsroom(_factory);
        await newsroom.PublishAsync("سلسلة الفيروزجية القديمة", SeedArticle.CategorySlug, at: _factory.Clock.Now.AddDays(-3));
        await newsroom.PublishAsync("سلسلة الفيروزجية الجديدة", SeedArticle.CategorySlug);

        Assert.Equal(["سلسلة الفيروزجية الجديدة", "سلسلة الفيروزجية القديمة"], Titles("سلسله الفيروزج"));
    }
}
