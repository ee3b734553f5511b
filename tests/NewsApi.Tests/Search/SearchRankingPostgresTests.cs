using System.Text.Json;
using NewsApi.Tests.Cli;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// On PostgreSQL, as on SQLite, a search by relevance ranks at most the 1,000 matches with the highest ids (more when a
/// page reaches past them), because ts_rank reads each match's out-of-line tsvectors; fewer matches are all ranked.
/// </summary>
public sealed class SearchRankingPostgresTests : IAsyncLifetime
{
    private const int Generated = 2_000;
    private readonly CliProcess _cli = new();
    private NewsApiFactory? _factory;

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync("seed")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("seed", "--generate", Generated.ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode);
        _factory = new NewsApiFactory().With("ConnectionStrings:News", _cli.ConnectionString).With("NewsApi:Search:RateLimit:PermitLimit", "0");
    }

    public Task DisposeAsync()
    {
        _factory?.Dispose();
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_word_in_more_than_a_thousand_articles_is_ranked_among_its_matches_with_the_highest_ids_and_counted_exactly()
    {
        // A word of the demo text that the generated articles (made from its words) share: in more than 1,000 of them.
        var client = _factory!.CreateClient();
        var word = "الحكومة";
        var first = await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(word)}&pageSize=50");
        var body = await first.JsonAsync();
        var matches = body.GetProperty("totalItems").GetInt32();
        Assert.True(matches > 1_000, $"'{word}' is in {matches} articles");

        Assert.Equal("eq", body.GetProperty("totalItemsRelation").GetString());

        // Every match, by date, and the 1,000 with the highest ids among them.
        var all = new List<long>();
        for (var page = 1; page <= (matches + 99) / 100; page++)
        {
            var newest = await (await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(word)}&sort=newest&pageSize=100&page={page}")).JsonAsync();
            all.AddRange(newest.GetProperty("items").EnumerateArray().Select(Id));
        }

        Assert.Equal(matches, all.Distinct().Count());
        var newestThousand = all.OrderByDescending(id => id).Take(1_000).ToList();

        var ids = body.GetProperty("items").EnumerateArray().Select(Id).ToList();
        Assert.Equal(50, ids.Count);
        Assert.Equal(1_000, newestThousand.Count);
        Assert.All(ids, id => Assert.Contains(id, newestThousand));
        // Ranked, not merely the newest first: relevance reorders them.
        Assert.NotEqual(newestThousand.Take(50).Order(), ids.Order());

        // A page past the candidates still has articles: the candidates grow with the page.
        var deep = await (await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(word)}&pageSize=50&page=21")).JsonAsync();
        Assert.Equal(Math.Min(50, matches - 1_000), deep.GetProperty("items").GetArrayLength());
    }

    private static long Id(JsonElement item) =>
        (item.TryGetProperty("article", out var article) ? article : item).GetProperty("id").GetInt64();
}
