using System.Net;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Articles;

public sealed class ArticleReadTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_seed_article_is_served_by_its_percent_encoded_Arabic_slug()
    {
        var response = await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}");

        var article = await response.JsonAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SeedArticle.Title, article.GetProperty("title").GetString());
        Assert.Equal(SeedArticle.Slug, article.GetProperty("slug").GetString());
        Assert.Equal("ar", article.GetProperty("language").GetString());
        Assert.Equal("rtl", article.GetProperty("direction").GetString());
        Assert.Equal(SeedArticle.CategoryName, article.GetProperty("category").GetProperty("name").GetString());
        Assert.Equal(SeedArticle.CategorySlug, article.GetProperty("category").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task The_seed_article_keeps_its_paragraphs_and_sub_heading_as_html_and_blocks()
    {
        var article = await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync();

        var content = article.GetProperty("content");
        Assert.Contains($"<p>{SeedArticle.FirstParagraph}</p>", content.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Contains($"<h2>{SeedArticle.SubHeading}</h2>", content.GetProperty("html").GetString(), StringComparison.Ordinal);
        var blocks = content.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("paragraph", blocks[0].GetProperty("type").GetString());
        Assert.Equal(SeedArticle.FirstParagraph, blocks[0].GetProperty("text").GetString());
        var heading = Assert.Single(blocks, b => b.GetProperty("type").GetString() == "heading");
        Assert.Equal(SeedArticle.SubHeading, heading.GetProperty("text").GetString());
        Assert.Equal(2, heading.GetProperty("level").GetInt32());
        var words = blocks.Sum(b => b.GetProperty("text").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.InRange(words, 350, 450);
        Assert.Equal(words, content.GetProperty("wordCount").GetInt32());
        Assert.Equal((int)Math.Ceiling(words / 200.0), article.GetProperty("readingTimeMinutes").GetInt32());
    }

    [Fact]
    public async Task The_raw_Arabic_slug_and_the_id_reach_the_same_article()
    {
        var byEncoded = await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync();
        var id = byEncoded.GetProperty("id").GetInt32();

        var byRaw = await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.Slug}")).JsonAsync();
        var byId = await (await _client.GetAsync($"/api/v1/articles/{id}")).JsonAsync();

        Assert.Equal(id, byRaw.GetProperty("id").GetInt32());
        Assert.Equal(SeedArticle.Slug, byId.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task A_slug_with_harakat_or_tatweel_still_finds_the_article()
    {
        var decorated = SeedArticle.Slug.Replace("الروسى", "الـرُّوسى", StringComparison.Ordinal);

        var article = await (await _client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(decorated)}")).JsonAsync();

        Assert.Equal(SeedArticle.Slug, article.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Article_json_has_every_documented_field_with_utc_timestamps_and_unescaped_Arabic()
    {
        var response = await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Contains(SeedArticle.Title, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u06", raw, StringComparison.OrdinalIgnoreCase);
        var article = JsonDocument.Parse(raw).RootElement;
        string[] fields = ["id", "slug", "title", "subtitle", "excerpt", "language", "direction", "category", "tags", "author", "image",
            "publishedAt", "updatedAt", "readingTimeMinutes", "commentCount", "commentsOpen", "links", "content"];
        Assert.All(fields, field => Assert.True(article.TryGetProperty(field, out _), $"missing {field}"));
        Assert.EndsWith("Z", article.GetProperty("publishedAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", article.GetProperty("updatedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/api/v1/articles/{SeedArticle.EncodedSlug}", article.GetProperty("links").GetProperty("self").GetString());
        Assert.True(article.GetProperty("tags").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Comment_count_counts_only_approved_comments()
    {
        using var db = factory.OpenDatabase();
        var approved = db.ExecuteScalar<int>("""
            SELECT count(*) FROM comments c JOIN articles a ON a.id = c.article_id
            WHERE a.slug = @Slug AND c.status = 'approved'
            """, new { SeedArticle.Slug });
        var all = db.ExecuteScalar<int>("SELECT count(*) FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.slug = @Slug", new { SeedArticle.Slug });

        var article = await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync();

        Assert.True(all > approved, "the seed article should have a comment that is not approved");
        Assert.Equal(approved, article.GetProperty("commentCount").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/articles/%D9%85%D9%82%D8%A7%D9%84%D8%A9-%D8%BA%D9%8A%D8%B1-%D9%85%D9%88%D8%AC%D9%88%D8%AF%D8%A9")]
    [InlineData("/api/v1/articles/no-such-article")]
    [InlineData("/api/v1/articles/999999")]
    [InlineData("/api/v1/articles/%FF%FE")]
    public async Task An_unknown_article_is_a_404_problem(string path)
    {
        var problem = await (await _client.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("https://newsapi.dev/problems/not-found", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_404_is_in_Arabic_when_the_client_asks_for_Arabic()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles/no-such-article");
        request.Headers.AcceptLanguage.ParseAdd("ar-EG,ar;q=0.9");

        var problem = await (await _client.SendAsync(request)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("غير موجود", problem.GetProperty("title").GetString());
        Assert.Contains("لا توجد مقالة منشورة", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        await (await _client.GetAsync("/api/v1/nothing-here")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
