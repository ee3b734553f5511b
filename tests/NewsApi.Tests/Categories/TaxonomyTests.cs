using System.Net;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Categories;

public sealed class TaxonomyTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Categories_list_every_category_with_a_published_article_with_its_parent_and_published_count()
    {
        using var db = factory.OpenDatabase();
        // A category counts with its sub-categories' articles (the demo has no category without any).
        var categories = db.ExecuteScalar<int>("""
            SELECT count(*) FROM categories c
            WHERE EXISTS (SELECT 1 FROM articles a LEFT JOIN categories sub ON sub.id = a.category_id
                          WHERE a.status = 'published' AND (a.category_id = c.id OR sub.parent_id = c.id))
            """);

        var body = await (await _client.GetAsync("/api/v1/categories")).JsonAsync();

        Assert.True(categories >= 7, $"demo content should have at least 7 categories, has {categories}");
        Assert.Equal(categories, body.GetProperty("totalItems").GetInt32());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(categories, items.Count);
        var child = Assert.Single(items, c => c.GetProperty("parentId").ValueKind == System.Text.Json.JsonValueKind.Number);
        var parent = items.Single(c => c.GetProperty("id").GetInt32() == child.GetProperty("parentId").GetInt32());
        var parentOwn = db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE status = 'published' AND category_id = @id", new { id = parent.GetProperty("id").GetInt32() });
        Assert.Equal(parentOwn + child.GetProperty("articleCount").GetInt32(), parent.GetProperty("articleCount").GetInt32());
        Assert.Contains(items, c => c.GetProperty("name").GetString() == SeedArticle.CategoryName);
    }

    [Fact]
    public async Task The_seed_category_is_served_by_its_percent_encoded_slug()
    {
        var category = await (await _client.GetAsync($"/api/v1/categories/{Uri.EscapeDataString(SeedArticle.CategorySlug)}")).JsonAsync();

        Assert.Equal(SeedArticle.CategoryName, category.GetProperty("name").GetString());
        Assert.True(category.GetProperty("articleCount").GetInt32() >= 1);
        Assert.Equal($"/api/v1/articles?category={Uri.EscapeDataString(SeedArticle.CategorySlug)}", category.GetProperty("links").GetProperty("articles").GetString());
    }

    [Fact]
    public async Task An_unknown_category_is_a_404_problem()
    {
        await (await _client.GetAsync("/api/v1/categories/no-such-category")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tags_are_listed_most_used_first_with_counts_that_match_the_tag_filter()
    {
        var tags = await (await _client.GetAsync("/api/v1/tags?pageSize=100")).JsonAsync();
        var items = tags.GetProperty("items").EnumerateArray().ToList();
        var top = items[0];

        var filtered = await (await _client.GetAsync(top.GetProperty("links").GetProperty("articles").GetString())).JsonAsync();

        Assert.True(items.Count >= 10);
        var counts = items.Select(t => t.GetProperty("articleCount").GetInt32()).ToList();
        Assert.Equal(counts.OrderDescending(), counts);
        Assert.Equal(top.GetProperty("articleCount").GetInt32(), filtered.GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task Authors_are_listed_with_counts_that_match_the_author_filter()
    {
        var authors = await (await _client.GetAsync("/api/v1/authors")).JsonAsync();
        var first = authors.GetProperty("items")[0];

        var filtered = await (await _client.GetAsync(first.GetProperty("links").GetProperty("articles").GetString())).JsonAsync();

        Assert.True(authors.GetProperty("totalItems").GetInt32() >= 4);
        Assert.Equal(first.GetProperty("articleCount").GetInt32(), filtered.GetProperty("totalItems").GetInt32());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("name").GetString()));
    }
}
