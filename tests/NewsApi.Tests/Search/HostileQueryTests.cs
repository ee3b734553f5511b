using System.Net;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// Query text is never FTS5 syntax and never a server error: operators, quotes, column filters, control
/// characters and huge strings answer 200 or a 400 problem.
/// </summary>
public sealed class HostileQueryTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> Queries => new()
    {
        "\"",
        "\"\"",
        "\"الروسي",
        "الروسي\"",
        "*",
        "الروس*",
        "^الروسي",
        "(",
        ")",
        "(الروسي OR",
        "AND",
        "OR NOT",
        "NEAR",
        "الروسي AND NOT كوريا",
        "NEAR(الروسي كوريا, 2)",
        "title:الروسي",
        "{title body}: الدفاع",
        "title_stem : دفاع",
        "-الروسي +كوريا",
        "\0",
        "الروسي\0كوريا",
        "'; DROP TABLE articles; --",
        "%_\\",
        "<script>alert(1)</script>",
        "😀",
        "\u202E\u200F",
        "ـــــ",
        "ًٌٍَُِّْ",
        "١٢٣",
        "a*b*c \"d\" 'e'",
        "rank MATCH bm25(search_index)",
        "*:*",
        ":",
        "\n\t\r",
        "NULL",
        "ﷺ",
        new string('ا', 200),
        new string('ا', 201),
        new string('ا', 10 * 1024),
        string.Concat(Enumerable.Repeat("الروسي ", 1500)),
        string.Join(' ', Enumerable.Range(0, 66).Select(i => "ك" + i)),
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task A_hostile_query_answers_200_or_a_400_problem_on_search(string query) =>
        await AssertHandledAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}");

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task A_hostile_query_answers_200_or_a_400_problem_on_the_article_list(string query) =>
        await AssertHandledAsync($"/api/v1/articles?q={Uri.EscapeDataString(query)}");

    [Theory]
    [InlineData("%FF%FE")]
    [InlineData("%ED%A0%80")]
    [InlineData("%C0%AF")]
    [InlineData("%00%00")]
    [InlineData("%D8")]
    public async Task Invalid_utf8_in_the_query_answers_200_or_a_400_problem(string encoded) =>
        await AssertHandledAsync($"/api/v1/search?q={encoded}");

    [Fact]
    public async Task Fts_operators_are_searched_as_words_not_obeyed()
    {
        // As syntax, "OR" would widen the search to every article about Korea; as words it narrows it.
        var plain = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("الروسي")}")).JsonAsync();
        var withOperator = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("الروسي OR كوريا")}")).JsonAsync();
        var quoted = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("\"الروسي\" *")}")).JsonAsync();

        Assert.Equal(0, withOperator.GetProperty("totalItems").GetInt32());
        Assert.Equal(plain.GetProperty("totalItems").GetInt32(), quoted.GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task A_query_longer_than_200_characters_is_refused_with_a_problem_naming_q()
    {
        var problem = await (await _client.GetAsync($"/api/v1/search?q={new string('ا', 201)}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
    }

    private async Task AssertHandledAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var status = (int)response.StatusCode;

        Assert.True(status is 200 or 400, $"{url[..Math.Min(url.Length, 120)]} answered {status}: {await response.Content.ReadAsStringAsync()}");
        if (status == 400)
        {
            await response.ProblemAsync(HttpStatusCode.BadRequest);
        }
        else
        {
            Assert.True((await response.JsonAsync()).GetProperty("items").GetArrayLength() >= 0);
        }
    }
}
