using System.Globalization;
using NewsApi.Search;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// A common word's total is settled by the full-text index alone when few articles are left out by the filter
/// (SearchStore.Count): 10,001 + K matches in the index, K bounding the articles left out, prove 10,001 that pass. These
/// cases put a date range's edge one article either side of 10,000 passing matches, where a wrong K would report
/// "10,000 or more" for exactly 10,000, on the archive of <see cref="SearchEarlyStopTests"/> (10,050 articles with the
/// word, published an hour apart, the highest id the newest).
/// </summary>
public sealed class SearchCountShortcutTests(SearchEarlyStopTests.Archive archive) : IClassFixture<SearchEarlyStopTests.Archive>
{
    private const string Common = "زبرجدية";

    private readonly HttpClient _client = archive.Factory.CreateClient();

    [Fact]
    public async Task A_from_date_that_leaves_exactly_ten_thousand_matches_counts_them_exactly_and_one_more_is_a_lower_bound()
    {
        // Generated article n is early-n; those from the 51st on are 10,000, from the 50th on 10,001.
        var exactly = await TotalAsync("from=" + await HalfHourBeforeAsync(51));
        var beyond = await TotalAsync("from=" + await HalfHourBeforeAsync(50));

        Assert.Equal((10_000, "eq"), exactly);
        Assert.Equal((10_000, "gte"), beyond);
    }

    [Fact]
    public async Task A_to_date_that_leaves_exactly_ten_thousand_matches_counts_them_exactly_and_one_more_is_a_lower_bound()
    {
        // Those before the 10,001st are 10,000; before the 10,002nd, 10,001.
        var exactly = await TotalAsync("to=" + await HalfHourBeforeAsync(10_001));
        var beyond = await TotalAsync("to=" + await HalfHourBeforeAsync(10_002));

        Assert.Equal((10_000, "eq"), exactly);
        Assert.Equal((10_000, "gte"), beyond);
    }

    [Fact]
    public async Task A_range_that_leaves_out_most_articles_is_counted_exactly()
    {
        var total = await TotalAsync($"from={await HalfHourBeforeAsync(101)}&to={await HalfHourBeforeAsync(301)}");

        Assert.Equal((200, "eq"), total);
    }

    [Fact]
    public async Task A_word_beyond_the_count_bound_is_ranked_among_its_newest_matches_only()
    {
        var body = await (await _client.GetAsync($"/api/v1/search?q={Common}&pageSize=100")).JsonAsync();
        var ids = body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("article").GetProperty("id").GetInt64()).ToList();
        var window = archive.Ids.OrderByDescending(id => id).Take(Math.Max(SearchIndexSql.CommonRankedCandidates, 100)).ToHashSet();

        Assert.Equal(archive.TitledNew, ids[0]);
        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.Contains(id, window));
    }

    private async Task<(int Total, string Relation)> TotalAsync(string filter)
    {
        var body = await (await _client.GetAsync($"/api/v1/search?q={Common}&{filter}")).JsonAsync();
        return (body.GetProperty("totalItems").GetInt32(), body.GetProperty("totalItemsRelation").GetString()!);
    }

    // Half an hour before generated article n was published, as a query value: between it and the one before.
    private async Task<string> HalfHourBeforeAsync(int n)
    {
        var article = await (await _client.GetAsync("/api/v1/articles/early-" + n.ToString(CultureInfo.InvariantCulture))).JsonAsync();
        var published = DateTimeOffset.Parse(article.GetProperty("publishedAt").GetString()!, CultureInfo.InvariantCulture);
        return Uri.EscapeDataString(published.AddMinutes(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
    }
}
