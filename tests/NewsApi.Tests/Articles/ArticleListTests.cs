using System.Net;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Articles;

public sealed class ArticleListTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private int PublishedCount()
    {
        using var db = factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE status = 'published'");
    }

    [Fact]
    public async Task The_first_page_lists_the_newest_published_articles_with_paging_headers()
    {
        var total = PublishedCount();

        var response = await _client.GetAsync("/api/v1/articles?pageSize=5");
        var body = await response.JsonAsync();

        Assert.True(total >= 26, $"demo content should have at least 26 published articles, has {total}");
        Assert.Equal(5, body.GetProperty("items").GetArrayLength());
        Assert.Equal(1, body.GetProperty("page").GetInt32());
        Assert.Equal(5, body.GetProperty("pageSize").GetInt32());
        Assert.Equal(total, body.GetProperty("totalItems").GetInt32());
        Assert.Equal((total + 4) / 5, body.GetProperty("totalPages").GetInt32());
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        var link = string.Join(",", response.Headers.GetValues("Link"));
        Assert.Contains("</api/v1/articles?pageSize=5&page=1>; rel=\"first\"", link, StringComparison.Ordinal);
        Assert.Contains("</api/v1/articles?pageSize=5&page=2>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains($"</api/v1/articles?pageSize=5&page={(total + 4) / 5}>; rel=\"last\"", link, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", link, StringComparison.Ordinal);
        var dates = body.GetProperty("items").Strings("publishedAt");
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
        Assert.Equal(SeedArticle.Slug, body.GetProperty("items")[0].GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Middle_last_and_beyond_last_pages_are_consistent()
    {
        var total = PublishedCount();
        var lastPage = (total + 4) / 5;

        var all = (await (await _client.GetAsync("/api/v1/articles?pageSize=100")).JsonAsync()).GetProperty("items").Strings("slug");
        var middleResponse = await _client.GetAsync("/api/v1/articles?page=2&pageSize=5");
        var middle = await middleResponse.JsonAsync();
        var last = await (await _client.GetAsync($"/api/v1/articles?page={lastPage}&pageSize=5")).JsonAsync();
        var beyondResponse = await _client.GetAsync($"/api/v1/articles?page={lastPage + 1}&pageSize=5");
        var beyond = await beyondResponse.JsonAsync();

        Assert.Equal(total, all.Length);
        Assert.Equal(all.Skip(5).Take(5), middle.GetProperty("items").Strings("slug"));
        var middleLinks = string.Join(",", middleResponse.Headers.GetValues("Link"));
        Assert.Contains("page=1>; rel=\"prev\"", middleLinks, StringComparison.Ordinal);
        Assert.Contains("page=3>; rel=\"next\"", middleLinks, StringComparison.Ordinal);
        Assert.Equal(all.Skip((lastPage - 1) * 5), last.GetProperty("items").Strings("slug"));
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
        Assert.Equal(total, beyond.GetProperty("totalItems").GetInt32());
        Assert.DoesNotContain("rel=\"next\"", string.Join(",", beyondResponse.Headers.GetValues("Link")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oldest_first_reverses_the_order()
    {
        var newest = (await (await _client.GetAsync("/api/v1/articles?pageSize=100")).JsonAsync()).GetProperty("items").Strings("slug");
        var oldest = (await (await _client.GetAsync("/api/v1/articles?pageSize=100&sort=oldest")).JsonAsync()).GetProperty("items").Strings("slug");

        Assert.Equal(newest.Reverse(), oldest);
    }

    [Fact]
    public async Task A_category_filter_includes_articles_of_its_sub_categories()
    {
        using var db = factory.OpenDatabase();
        var parent = db.QueryFirst<(long Id, string Slug)>(
            "SELECT p.id, p.slug FROM categories p WHERE EXISTS (SELECT 1 FROM categories c WHERE c.parent_id = p.id)");
        var expected = db.Query<string>("""
            SELECT a.slug FROM articles a JOIN categories c ON c.id = a.category_id
            WHERE a.status = 'published' AND (c.id = @Id OR c.parent_id = @Id)
            """, new { parent.Id }).ToHashSet();
        var own = db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE status = 'published' AND category_id = @Id", new { parent.Id });

        var body = await (await _client.GetAsync($"/api/v1/articles?pageSize=100&category={Uri.EscapeDataString(parent.Slug)}")).JsonAsync();

        Assert.True(expected.Count > own, "the parent category should get articles from its sub-category");
        Assert.Equal(expected, body.GetProperty("items").Strings("slug").ToHashSet());
        Assert.Equal(expected.Count, body.GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task Tag_and_author_filters_return_only_matching_articles()
    {
        using var db = factory.OpenDatabase();
        var tag = db.QueryFirst<string>("""
            SELECT t.slug FROM tags t JOIN article_tags at ON at.tag_id = t.id JOIN articles a ON a.id = at.article_id
            WHERE a.status = 'published' GROUP BY t.id HAVING count(*) >= 2 ORDER BY count(*) DESC
            """);
        var tagged = db.ExecuteScalar<int>("""
            SELECT count(*) FROM article_tags at JOIN tags t ON t.id = at.tag_id JOIN articles a ON a.id = at.article_id
            WHERE t.slug = @tag AND a.status = 'published'
            """, new { tag });
        var author = db.QueryFirst<string>("SELECT au.slug FROM authors au JOIN articles a ON a.author_id = au.id WHERE a.status = 'published'");

        var byTag = await (await _client.GetAsync($"/api/v1/articles?pageSize=100&tag={Uri.EscapeDataString(tag)}")).JsonAsync();
        var byAuthor = await (await _client.GetAsync($"/api/v1/articles?pageSize=100&author={Uri.EscapeDataString(author)}")).JsonAsync();

        Assert.Equal(tagged, byTag.GetProperty("totalItems").GetInt32());
        Assert.All(byTag.GetProperty("items").EnumerateArray(), item => Assert.Contains(tag, item.GetProperty("tags").Strings("slug")));
        Assert.True(byAuthor.GetProperty("totalItems").GetInt32() > 0);
        Assert.All(byAuthor.GetProperty("items").EnumerateArray(), item => Assert.Equal(author, item.GetProperty("author").GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task An_unknown_category_gives_an_empty_list()
    {
        var body = await (await _client.GetAsync("/api/v1/articles?category=no-such-category")).JsonAsync();

        Assert.Equal(0, body.GetProperty("totalItems").GetInt32());
        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_date_window_keeps_articles_published_inside_it_with_to_covering_its_whole_day()
    {
        using var db = factory.OpenDatabase();
        var published = db.Query<PublishedRow>("SELECT slug AS Slug, published_at AS PublishedAt FROM articles WHERE status = 'published' ORDER BY published_at DESC").AsList();
        var day = published[3].Day;
        var expected = published.Where(a => a.Day == day).Select(a => a.Slug).ToHashSet();

        var body = await (await _client.GetAsync($"/api/v1/articles?from={day}&to={day}&pageSize=100")).JsonAsync();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, body.GetProperty("items").Strings("slug").ToHashSet());
    }

    [Fact]
    public async Task A_date_time_window_is_exact_to_the_second()
    {
        using var db = factory.OpenDatabase();
        var at = NewsApi.Data.Timestamps.ToText(
            db.QueryFirst<DateTime>("SELECT published_at FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1 OFFSET 5"));

        var body = await (await _client.GetAsync($"/api/v1/articles?from={at}&to={at}")).JsonAsync();

        Assert.Equal(at, Assert.Single(body.GetProperty("items").EnumerateArray()).GetProperty("publishedAt").GetString());
    }

    private sealed class PublishedRow
    {
        public string Slug { get; init; } = "";

        public DateTime PublishedAt { get; init; }

        /// <summary>The UTC day, as the list's from and to take it.</summary>
        public string Day => PublishedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
