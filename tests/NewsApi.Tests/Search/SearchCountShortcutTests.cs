using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
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

    /// <summary>
    /// The index-only count is remembered per version of the index (on SQLite), whatever the filters: once a word is taken
    /// out of 60 articles (written as an import would, outside the application), a search with other filters counts
    /// 9,990 exactly, not the 10,050 the earlier search's index held.
    /// </summary>
    [Fact]
    public async Task A_word_taken_out_of_articles_is_counted_again_by_the_next_search_whatever_its_filters()
    {
        var edited = archive.Ids.Skip(100).Take(60).ToList();
        var before = await TotalAsync("from=1900-01-01T00:00:00Z");
        try
        {
            Replace(edited, Common, "زمردية");

            Assert.Equal((10_000, "gte"), before);
            Assert.Equal((9_990, "eq"), await TotalAsync("from=1900-01-02T00:00:00Z"));
        }
        finally
        {
            Replace(edited, "زمردية", Common);
        }
    }

    private void Replace(List<long> ids, string word, string with)
    {
        var database = archive.Factory.Services.GetRequiredService<Database>();
        database.Write(write => write.Connection.Execute(
            $"UPDATE articles SET body_text = replace(body_text, @Word, @With), body_html = replace(body_html, @Word, @With) WHERE {database.Engine.InIdList("id", "@Ids")}",
            new { Word = word, With = with, Ids = database.Engine.IdList(ids.Select(id => (int)id)) }, write.Transaction));
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
