using Microsoft.Extensions.DependencyInjection;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data;

/// <summary>
/// Counts of matching articles are remembered per content version. With the output cache off, every answer is
/// computed, so these see the remembered counts directly: they must move with every kind of change.
/// </summary>
public sealed class ContentMemoTests : IDisposable
{
    private readonly NewsApiFactory _factory = new NewsApiFactory().With("NewsApi:Http:OutputCache", "false");
    private readonly HttpClient _client;

    public ContentMemoTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task<int> TotalAsync(string query) =>
        (await (await _client.GetAsync($"/api/v1/{query}")).JsonAsync()).GetProperty("totalItems").GetInt32();

    private int PublicCount(string condition = "1 = 1")
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<int>(
            $"SELECT count(*) FROM articles WHERE status IN ('published', 'scheduled') AND published_at <= @Now AND {condition}",
            new { Now = NewsApi.Data.Timestamps.ToDb(_factory.Clock.Now) });
    }

    [Fact]
    public async Task Counts_follow_api_writes_raw_writes_and_the_clock()
    {
        var newsroom = new Newsroom(_factory);
        var before = await TotalAsync("articles");
        var searchBefore = await TotalAsync("search?q=كوريا");

        await newsroom.PublishAsync("كوريا تعلن عن خطة جديدة للطاقة", SeedArticle.CategorySlug);
        var afterPublish = await TotalAsync("articles");
        var searchAfterPublish = await TotalAsync("search?q=كوريا");

        _factory.WriteRaw("UPDATE articles SET status = 'draft' WHERE id = (SELECT min(id) FROM articles WHERE status = 'published')");
        var afterRawWrite = await TotalAsync("articles");

        _factory.Clock.Now = _factory.Clock.Now.AddDays(365);
        var afterScheduledTime = await TotalAsync("articles");

        Assert.Equal(before + 1, afterPublish);
        Assert.Equal(searchBefore + 1, searchAfterPublish);
        Assert.Equal(afterPublish - 1, afterRawWrite);
        Assert.Equal(PublicCount(), afterScheduledTime);
        Assert.True(afterScheduledTime > afterRawWrite, "the demo content has a scheduled article that comes into view");
    }

    [Fact]
    public async Task Tag_and_category_lists_follow_a_publication_and_its_withdrawal()
    {
        var newsroom = new Newsroom(_factory);
        async Task<(string[] Tags, int CategoryCount)> ListsAsync()
        {
            var tags = (await (await _client.GetAsync("/api/v1/tags?pageSize=100")).JsonAsync()).GetProperty("items").Strings("name");
            var categories = (await (await _client.GetAsync("/api/v1/categories")).JsonAsync()).GetProperty("items").EnumerateArray();
            var category = categories.Single(c => c.GetProperty("slug").GetString() == SeedArticle.CategorySlug);
            return (tags, category.GetProperty("articleCount").GetInt32());
        }

        var before = await ListsAsync();
        var id = await newsroom.PublishAsync("وسم جديد يظهر ثم يختفي", SeedArticle.CategorySlug, ["وسم-لمرة-واحدة"]);
        var published = await ListsAsync();
        await newsroom.UnpublishAsync(id);
        var withdrawn = await ListsAsync();

        Assert.DoesNotContain("وسم-لمرة-واحدة", before.Tags);
        Assert.Contains("وسم-لمرة-واحدة", published.Tags);
        Assert.Equal(before.CategoryCount + 1, published.CategoryCount);
        Assert.Equal(before.Tags, withdrawn.Tags);
        Assert.Equal(before.CategoryCount, withdrawn.CategoryCount);
    }

    [Fact]
    public async Task Each_filter_has_its_own_count()
    {
        var all = await TotalAsync("articles");
        var category = await TotalAsync($"articles?category={Uri.EscapeDataString(SeedArticle.CategorySlug)}");
        var oldest = await TotalAsync($"articles?category={Uri.EscapeDataString(SeedArticle.CategorySlug)}&sort=oldest");

        Assert.Equal(PublicCount(), all);
        Assert.True(category < all);
        Assert.Equal(category, oldest);
    }
    [Fact]
    public async Task A_value_is_computed_once_while_the_requests_that_ask_for_it_wait()
    {
        var memo = _factory.Services.GetRequiredService<NewsApi.Data.ContentMemo>();
        var computations = 0;
        using var release = new ManualResetEventSlim();
        object Compute()
        {
            Interlocked.Increment(ref computations);
            release.Wait(TimeSpan.FromSeconds(10));
            return new object();
        }

        var askers = Enumerable.Range(0, 8)
            .Select(_ => Task.Factory.StartNew(() => memo.Remember("test:once", [NewsApi.Data.ContentScope.ListAll], Compute), TaskCreationOptions.LongRunning))
            .ToList();
        await Task.Delay(300);
        release.Set();
        var values = await Task.WhenAll(askers);

        Assert.Equal(1, computations);
        Assert.All(values, value => Assert.Same(values[0], value));
    }

    [Fact]
    public void A_computation_that_fails_is_not_kept()
    {
        var memo = _factory.Services.GetRequiredService<NewsApi.Data.ContentMemo>();
        var attempts = 0;
        string Compute() => ++attempts == 1 ? throw new InvalidOperationException("the database went away") : "read";

        Assert.Throws<InvalidOperationException>(() => memo.Remember("test:fails", [NewsApi.Data.ContentScope.ListAll], Compute));
        Assert.Equal("read", memo.Remember("test:fails", [NewsApi.Data.ContentScope.ListAll], Compute));
        Assert.Equal("read", memo.Remember("test:fails", [NewsApi.Data.ContentScope.ListAll], Compute));
        Assert.Equal(2, attempts);
    }
    [Fact]
    public void A_value_still_asked_for_outlives_a_stream_of_one_off_keys()
    {
        var memo = _factory.Services.GetRequiredService<NewsApi.Data.ContentMemo>();
        var computations = 0;
        string Directory() => memo.Remember("test:directory", [], () => $"directory {++computations}");

        Directory();
        for (var search = 0; search < 35_000; search++)
        {
            memo.Remember($"test:search:{search}", [], () => search);
            if (search % 1_000 == 0)
            {
                Assert.Equal("directory 1", Directory());
            }
        }

        Assert.Equal(1, computations);
        // A one-off key from two generations ago is gone (memory stays bounded): asked again, it is computed again.
        var again = false;
        memo.Remember("test:search:1", [], () => again = true);
        Assert.True(again);
    }

    [Fact]
    public void A_fixed_value_outlives_any_stream_of_client_keyed_values_though_nobody_asks_for_it_meanwhile()
    {
        var memo = _factory.Services.GetRequiredService<NewsApi.Data.ContentMemo>();
        var computations = 0;
        string Directory() => memo.RememberFixed("test:fixed-directory", [], () => $"directory {++computations}");

        Directory();
        for (var search = 0; search < 35_000; search++)
        {
            memo.Remember($"test:quiet-search:{search}", [], () => search);
        }

        Assert.Equal("directory 1", Directory());
        Assert.Equal(1, computations);
    }
}
