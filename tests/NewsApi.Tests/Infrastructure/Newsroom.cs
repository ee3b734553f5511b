using System.Net;
using System.Net.Http.Json;
using Dapper;

namespace NewsApi.Tests.Infrastructure;

/// <summary>Arranges content the way editors do: through the admin API, over real HTTP.</summary>
public sealed class Newsroom(NewsApiFactory factory)
{
    public HttpClient Editor { get; } = factory.CreateEditorClient();

    public int CategoryId(string slug)
    {
        using var db = factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT id FROM categories WHERE slug = @slug", new { slug });
    }

    public int ArticleId(string slug)
    {
        using var db = factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT id FROM articles WHERE slug = @slug", new { slug });
    }

    public string ArticleSlug(int id)
    {
        using var db = factory.OpenDatabase();
        return db.ExecuteScalar<string>("SELECT slug FROM articles WHERE id = @id", new { id })!;
    }

    /// <summary>Creates a draft and returns its id.</summary>
    public async Task<int> DraftAsync(string title, string categorySlug, string[]? tags = null, string body = "<p>نص قصير للاختبار.</p>", string? excerpt = null)
    {
        var response = await Editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { title, bodyHtml = body, categoryId = CategoryId(categorySlug), tags = tags ?? [], excerpt });
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    /// <summary>Creates an article and publishes it now (or schedules it at <paramref name="at"/>); returns its id.</summary>
    public async Task<int> PublishAsync(string title, string categorySlug, string[]? tags = null, string body = "<p>نص قصير للاختبار.</p>", DateTimeOffset? at = null)
    {
        var id = await DraftAsync(title, categorySlug, tags, body);
        var response = await Editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", at is null ? (object)new { } : new { publishAt = at });
        await response.JsonAsync();
        return id;
    }

    public async Task UnpublishAsync(int id) =>
        await (await Editor.PostAsync($"/api/v1/admin/articles/{id}/unpublish", null)).JsonAsync();
}
