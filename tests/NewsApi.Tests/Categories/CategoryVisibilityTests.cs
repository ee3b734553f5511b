using System.Net;
using System.Net.Http.Json;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Categories;

/// <summary>
/// Categories, tags and authors follow one rule: public only with at least one published article (a category's
/// count includes its sub-categories). Otherwise they do not exist publicly, exactly like an unknown slug.
/// </summary>
public sealed class CategoryVisibilityTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _reader;
    private readonly Newsroom _newsroom;

    public CategoryVisibilityTests()
    {
        _reader = _factory.CreateClient();
        _newsroom = new Newsroom(_factory);
    }

    public void Dispose() => _factory.Dispose();

    private async Task<string> CreateCategoryAsync(string name, int? parentId = null) =>
        (await (await _newsroom.Editor.PostAsJsonAsync("/api/v1/admin/categories", new { name, parentId })).JsonAsync(HttpStatusCode.Created))
        .GetProperty("slug").GetString()!;

    private async Task<string[]> ListedSlugsAsync() =>
        (await (await _reader.GetAsync("/api/v1/categories?pageSize=100")).JsonAsync()).GetProperty("items").Strings("slug");

    [Fact]
    public async Task A_category_whose_articles_are_all_drafts_is_neither_listed_nor_served()
    {
        var slug = await CreateCategoryAsync("قسم مسودات فقط");
        await _newsroom.DraftAsync("مسودة في قسم المسودات", slug, tags: ["وسم-المسودات"]);
        var listed = await (await _reader.GetAsync("/api/v1/categories?pageSize=100")).JsonAsync();

        Assert.DoesNotContain(slug, listed.GetProperty("items").Strings("slug"));
        Assert.Equal(listed.GetProperty("items").GetArrayLength(), listed.GetProperty("totalItems").GetInt32());
        await (await _reader.GetAsync($"/api/v1/categories/{Uri.EscapeDataString(slug)}")).ProblemAsync(HttpStatusCode.NotFound);
        // Its articles list answers as the list of an unknown category does: empty.
        var articles = await (await _reader.GetAsync($"/api/v1/articles?category={Uri.EscapeDataString(slug)}")).JsonAsync();
        var unknown = await (await _reader.GetAsync("/api/v1/articles?category=no-such-category")).JsonAsync();
        Assert.Equal(0, articles.GetProperty("totalItems").GetInt32());
        Assert.Equal(unknown.GetProperty("totalItems").GetInt32(), articles.GetProperty("totalItems").GetInt32());
        // Tags and authors of drafts were already hidden: the same rule.
        var tags = await (await _reader.GetAsync("/api/v1/tags?pageSize=100")).JsonAsync();
        Assert.DoesNotContain("وسم-المسودات", tags.GetProperty("items").Strings("slug"));
    }

    [Fact]
    public async Task A_category_appears_when_its_first_article_is_published_and_goes_when_it_is_withdrawn()
    {
        var slug = await CreateCategoryAsync("قسم ينشر لاحقا");
        var id = await _newsroom.PublishAsync("أول خبر في القسم", slug);

        Assert.Contains(slug, await ListedSlugsAsync());
        var category = await (await _reader.GetAsync($"/api/v1/categories/{Uri.EscapeDataString(slug)}")).JsonAsync();
        Assert.Equal(1, category.GetProperty("articleCount").GetInt32());

        await _newsroom.UnpublishAsync(id);

        Assert.DoesNotContain(slug, await ListedSlugsAsync());
        await (await _reader.GetAsync($"/api/v1/categories/{Uri.EscapeDataString(slug)}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_parent_whose_only_published_articles_are_in_a_sub_category_is_listed_with_their_count()
    {
        var parentSlug = await CreateCategoryAsync("قسم رئيسي فارغ");
        var parentId = _newsroom.CategoryId(parentSlug);
        var childSlug = await CreateCategoryAsync("قسم فرعي منشور", parentId);
        await _newsroom.PublishAsync("خبر في القسم الفرعي", childSlug);

        var listed = await ListedSlugsAsync();
        var parent = await (await _reader.GetAsync($"/api/v1/categories/{Uri.EscapeDataString(parentSlug)}")).JsonAsync();

        Assert.Contains(parentSlug, listed);
        Assert.Contains(childSlug, listed);
        Assert.Equal(1, parent.GetProperty("articleCount").GetInt32());
    }
}
