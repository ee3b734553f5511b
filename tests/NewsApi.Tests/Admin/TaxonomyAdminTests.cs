using System.Net;
using System.Net.Http.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Admin;

public sealed class TaxonomyAdminTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _editor;

    public TaxonomyAdminTests()
    {
        _editor = _factory.CreateEditorClient();
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_category_is_created_renamed_moved_and_deleted_when_unused()
    {
        var parentId = (await (await _editor.PostAsJsonAsync("/api/v1/admin/categories", new { name = "محليات" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var child = await (await _editor.PostAsJsonAsync("/api/v1/admin/categories", new { name = "أخبار المحافظات", parentId })).JsonAsync(HttpStatusCode.Created);
        var childId = child.GetProperty("id").GetInt32();

        var renamed = await (await _editor.PutAsJsonAsync($"/api/v1/admin/categories/{childId}", new { name = "المحافظات", parentId = (int?)null })).JsonAsync();
        var adminView = await (await _editor.GetAsync($"/api/v1/admin/categories/{childId}")).JsonAsync();
        // With no published article it is not public yet: the public route answers as for an unknown slug.
        await (await _factory.CreateClient().GetAsync($"/api/v1/categories/{Uri.EscapeDataString("أخبار-المحافظات")}")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("أخبار-المحافظات", child.GetProperty("slug").GetString());
        Assert.Equal(parentId, child.GetProperty("parentId").GetInt32());
        Assert.Equal("المحافظات", renamed.GetProperty("name").GetString());
        Assert.Equal("أخبار-المحافظات", renamed.GetProperty("slug").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, renamed.GetProperty("parentId").ValueKind);
        Assert.Equal("المحافظات", adminView.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/admin/categories/{childId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/admin/categories/{parentId}")).StatusCode);
    }

    [Fact]
    public async Task A_category_cannot_move_under_its_own_sub_category()
    {
        var parentId = (await (await _editor.PostAsJsonAsync("/api/v1/admin/categories", new { name = "أب" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var childId = (await (await _editor.PostAsJsonAsync("/api/v1/admin/categories", new { name = "ابن", parentId })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var problem = await (await _editor.PutAsJsonAsync($"/api/v1/admin/categories/{parentId}", new { name = "أب", parentId = childId })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("parentId", out _));
    }

    [Theory]
    [InlineData("categories", "SELECT category_id FROM articles LIMIT 1")]
    [InlineData("categories", "SELECT parent_id FROM categories WHERE parent_id IS NOT NULL LIMIT 1")]
    [InlineData("tags", "SELECT tag_id FROM article_tags LIMIT 1")]
    [InlineData("authors", "SELECT author_id FROM articles WHERE author_id IS NOT NULL LIMIT 1")]
    public async Task Deleting_something_still_in_use_is_a_409_and_deletes_nothing(string collection, string inUseSql)
    {
        int id;
        using (var db = _factory.OpenDatabase())
        {
            id = db.ExecuteScalar<int>(inUseSql);
        }

        await (await _editor.DeleteAsync($"/api/v1/admin/{collection}/{id}")).ProblemAsync(HttpStatusCode.Conflict);

        using var after = _factory.OpenDatabase();
        Assert.Equal(1, after.ExecuteScalar<int>($"SELECT count(*) FROM {collection} WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Tags_and_authors_are_created_renamed_and_deleted()
    {
        var tag = await (await _editor.PostAsJsonAsync("/api/v1/admin/tags", new { name = "الانتخابات" })).JsonAsync(HttpStatusCode.Created);
        var author = await (await _editor.PostAsJsonAsync("/api/v1/admin/authors", new { name = "ليلى حسن", bio = "محررة." })).JsonAsync(HttpStatusCode.Created);
        var tagId = tag.GetProperty("id").GetInt32();
        var authorId = author.GetProperty("id").GetInt32();

        var renamedTag = await (await _editor.PutAsJsonAsync($"/api/v1/admin/tags/{tagId}", new { name = "انتخابات ٢٠٢٦", slug = "انتخابات-2026" })).JsonAsync();
        var renamedAuthor = await (await _editor.PutAsJsonAsync($"/api/v1/admin/authors/{authorId}", new { name = "ليلى حسن علي" })).JsonAsync();
        var authors = await (await _editor.GetAsync("/api/v1/admin/authors")).JsonAsync();

        Assert.Equal("انتخابات-2026", renamedTag.GetProperty("slug").GetString());
        Assert.Equal("ليلى-حسن", renamedAuthor.GetProperty("slug").GetString());
        Assert.Contains("ليلى حسن علي", authors.EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/admin/tags/{tagId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"/api/v1/admin/authors/{authorId}")).StatusCode);
        await (await _editor.DeleteAsync($"/api/v1/admin/authors/{authorId}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_taken_slug_is_a_409_and_an_unknown_id_a_404()
    {
        await (await _editor.PostAsJsonAsync("/api/v1/admin/tags", new { name = "أي اسم", slug = "روسيا" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await _editor.PutAsJsonAsync("/api/v1/admin/authors/99999", new { name = "لا أحد" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await _editor.PostAsJsonAsync("/api/v1/admin/categories", new { name = "!!!" })).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
