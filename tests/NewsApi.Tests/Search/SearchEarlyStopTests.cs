using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Search;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// An archive big enough to cross the bounds of search that stops early (Search/SearchIndexSql): a word in more than
/// 10,000 articles is counted as "10,000 or more", a word in 1,500 is counted exactly and ranked among its 1,000 matches
/// with the highest ids, and date order pages through either without a gap. Written straight into the database in one
/// transaction (the index triggers, or PostgreSQL's index writer, index it as any write is indexed), on either engine.
/// </summary>
public sealed class SearchEarlyStopTests(SearchEarlyStopTests.Archive archive) : IClassFixture<SearchEarlyStopTests.Archive>
{
    // Words found nowhere in the demo content: every generated article has the first, every seventh the second.
    private const string Common = "زبرجدية";
    private const string Middle = "فستقية";
    private const int Generated = 10_050;

    private readonly HttpClient _client = archive.Factory.CreateClient();

    [Fact]
    public async Task A_word_in_more_than_ten_thousand_articles_reports_ten_thousand_as_a_lower_bound()
    {
        var response = await _client.GetAsync($"/api/v1/search?q={Common}&pageSize=20");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10_000, body.GetProperty("totalItems").GetInt32());
        Assert.Equal("gte", body.GetProperty("totalItemsRelation").GetString());
        Assert.Equal(500, body.GetProperty("totalPages").GetInt32());
        Assert.Equal("10000", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("page=500>; rel=\"last\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal(20, body.GetProperty("items").GetArrayLength());

        // The list route's search says the same.
        var list = await (await _client.GetAsync($"/api/v1/articles?q={Common}&pageSize=100")).JsonAsync();
        Assert.Equal(10_000, list.GetProperty("totalItems").GetInt32());
        Assert.Equal("gte", list.GetProperty("totalItemsRelation").GetString());
        Assert.Equal(100, list.GetProperty("totalPages").GetInt32());
    }

    [Fact]
    public async Task The_last_page_a_lower_bound_announces_is_full_and_the_next_is_refused()
    {
        var last = await (await _client.GetAsync($"/api/v1/search?q={Common}&pageSize=100&page=100&sort=newest")).JsonAsync();
        var beyond = await _client.GetAsync($"/api/v1/search?q={Common}&pageSize=100&page=101&sort=newest");

        Assert.Equal(100, last.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
    }

    [Fact]
    public async Task A_word_in_fewer_than_ten_thousand_articles_is_counted_exactly()
    {
        var expected = archive.MiddleIds.Count;
        var body = await (await _client.GetAsync($"/api/v1/search?q={Middle}&pageSize=100")).JsonAsync();
        var rare = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("الروسي")}")).JsonAsync();

        Assert.Equal(expected, body.GetProperty("totalItems").GetInt32());
        Assert.Equal("eq", body.GetProperty("totalItemsRelation").GetString());
        Assert.Equal((expected + 99) / 100, body.GetProperty("totalPages").GetInt32());
        Assert.Equal("eq", rare.GetProperty("totalItemsRelation").GetString());
        Assert.True(rare.GetProperty("totalItems").GetInt32() is > 0 and < 10);
    }

    [Fact]
    public async Task Date_order_pages_through_a_common_word_newest_first_without_gaps_or_repeats()
    {
        var seen = new List<long>();
        for (var page = 1; page <= 3; page++)
        {
            var body = await (await _client.GetAsync($"/api/v1/search?q={Common}&sort=newest&pageSize=100&page={page}")).JsonAsync();
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("article").GetProperty("id").GetInt64()));
        }

        // Generated articles are published an hour apart, the highest id the newest.
        Assert.Equal(archive.Ids.OrderByDescending(id => id).Take(300), seen);
        var oldest = await (await _client.GetAsync($"/api/v1/articles?q={Common}&sort=oldest&pageSize=5")).JsonAsync();
        Assert.Equal(archive.Ids.Order().Take(5), oldest.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Date_order_of_a_word_under_the_bound_reads_its_matches_in_order()
    {
        var body = await (await _client.GetAsync($"/api/v1/search?q={Middle}&sort=oldest&pageSize=50&page=2")).JsonAsync();

        Assert.Equal(archive.MiddleIds.Order().Skip(50).Take(50), body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("article").GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Relevance_ranks_a_common_word_among_its_thousand_matches_with_the_highest_ids()
    {
        // The word is in the title of the oldest generated article and of one among the newest thousand: only the
        // second is a candidate, and it ranks first; the first is still found by date.
        var body = await (await _client.GetAsync($"/api/v1/search?q={Common}&pageSize=100")).JsonAsync();
        var ids = body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("article").GetProperty("id").GetInt64()).ToList();
        var candidates = archive.Ids.OrderByDescending(id => id).Take(SearchIndexSql.RankedCandidates).ToHashSet();

        Assert.Equal(archive.TitledNew, ids[0]);
        Assert.All(ids, id => Assert.Contains(id, candidates));
        Assert.DoesNotContain(archive.TitledOld, ids);
    }

    [Fact]
    public async Task A_word_under_the_count_bound_is_still_ranked_among_its_candidates_and_a_rare_word_among_all_its_matches()
    {
        // The middle word is in 1,435 articles: more than the candidates, so ranked among the newest 1,000 ids; the
        // demo article's word is in one: ranked as it always was.
        var body = await (await _client.GetAsync($"/api/v1/search?q={Middle}&pageSize=100&page=10")).JsonAsync();
        var ids = body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("article").GetProperty("id").GetInt64()).ToList();
        var candidates = archive.MiddleIds.OrderByDescending(id => id).Take(SearchIndexSql.RankedCandidates).ToHashSet();

        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.Contains(id, candidates));
        var rare = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("بيلوسوف")}")).JsonAsync();
        Assert.Equal(SeedArticle.Slug, rare.GetProperty("items")[0].GetProperty("article").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task A_prefix_of_ten_thousand_titles_suggests_the_newest_and_a_rare_one_its_few_titles_newest_first()
    {
        // تقرير starts every generated title: too many keys to read, so the newest articles are walked.
        var common = await (await _client.GetAsync("/api/v1/search/suggest?q=" + Uri.EscapeDataString("تقري"))).JsonAsync();
        var rare = await (await _client.GetAsync("/api/v1/search/suggest?q=" + Uri.EscapeDataString("تقرير " + Common[..4]))).JsonAsync();

        var newest = archive.Ids.OrderByDescending(id => id).Take(10).Select(id => "early-" + (archive.Ids.IndexOf(id) + 1).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(newest, Slugs(common));
        Assert.Equal(["early-" + (archive.Ids.IndexOf(archive.TitledNew) + 1).ToString(CultureInfo.InvariantCulture), "early-1"], Slugs(rare));

        static IEnumerable<string> Slugs(System.Text.Json.JsonElement body) =>
            body.GetProperty("items").EnumerateArray().Where(item => item.GetProperty("kind").GetString() == "article").Select(item => item.GetProperty("slug").GetString()!).ToList();
    }

    /// <summary>The generated archive, written once for the class.</summary>
    public sealed class Archive : IDisposable
    {
        public Archive()
        {
            Factory = new NewsApiFactory().With("NewsApi:Search:RateLimit:PermitLimit", "0");
            _ = Factory.Server;
            var database = Factory.Services.GetRequiredService<Database>();
            var start = DateTimeOffset.UtcNow.AddDays(-1).AddHours(-Generated);
            (Ids, MiddleIds, TitledOld, TitledNew) = database.Write(write =>
            {
                var connection = write.Connection;
                var category = connection.ExecuteScalar<long>("SELECT min(id) FROM categories", transaction: write.Transaction);
                var ids = new List<long>(Generated);
                var middle = new List<long>();
                long titledOld = 0, titledNew = 0;
                for (var i = 1; i <= Generated; i++)
                {
                    var titled = i == 1 || i == Generated - 10;
                    var hasMiddle = i % 7 == 0;
                    var title = titled ? $"تقرير {Common} رقم {i}" : $"تقرير رقم {i}";
                    var text = $"نص المقال {i} عن {Common}{(hasMiddle ? " و" + Middle : "")} فى المدينة.";
                    var at = Timestamps.ToDb(start.AddHours(i));
                    var id = connection.ExecuteScalar<long>("""
                        INSERT INTO articles (slug, title, excerpt, body_html, body_blocks, body_text, word_count, reading_time_minutes,
                                              category_id, author_id, status, published_at, comments_open, created_at, updated_at)
                        VALUES (@Slug, @Title, '', @Html, '[]', @Text, 8, 1, @Category, NULL, 'published', @At, @Open, @At, @At)
                        RETURNING id
                        """, new { Slug = "early-" + i.ToString(CultureInfo.InvariantCulture), Title = title, Html = "<p>" + text + "</p>", Text = text, Category = category, At = at, Open = true }, write.Transaction);
                    ids.Add(id);
                    if (hasMiddle)
                    {
                        middle.Add(id);
                    }

                    if (i == 1)
                    {
                        titledOld = id;
                    }
                    else if (titled)
                    {
                        titledNew = id;
                    }
                }

                SearchIndexWriter.Flush(connection, write.Transaction);
                return (ids, middle, titledOld, titledNew);
            });
        }

        public NewsApiFactory Factory { get; }

        public List<long> Ids { get; }

        public List<long> MiddleIds { get; }

        public long TitledOld { get; }

        public long TitledNew { get; }

        public void Dispose() => Factory.Dispose();
    }
}
