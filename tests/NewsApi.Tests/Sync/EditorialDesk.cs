using System.Net.Http.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Sync;

/// <summary>
/// The editorial operations the sync properties draw from, each through the admin API over HTTP. An operation the API
/// refuses (publishing what is deleted, say) is fine; a 5xx is not.
/// </summary>
public sealed class EditorialDesk(NewsApiFactory factory)
{
    public HttpClient Editor { get; } = factory.CreateEditorClient();

    public int CategoryId { get; } = FirstCategory(factory);

    public async Task<int> CreateAsync(string title, string tag)
    {
        var response = await Editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { title, bodyHtml = $"<p>{title}: نص الخبر.</p>", categoryId = CategoryId, tags = new[] { tag } });
        return (await response.JsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    /// <summary>A new title, body and slug, with If-Match from a fresh read.</summary>
    public async Task EditAsync(int id, string title, string tag)
    {
        var current = await Editor.GetAsync($"/api/v1/admin/articles/{id}");
        if (!current.IsSuccessStatusCode)
        {
            return;
        }

        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}")
        {
            Content = JsonContent.Create(new { title, bodyHtml = $"<p>{title}: نص معدل.</p><h2>{title}</h2>", categoryId = CategoryId, tags = new[] { tag } }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        Accept(await Editor.SendAsync(put));
    }

    public async Task PublishAsync(int id, DateTimeOffset? at = null) =>
        Accept(await Editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", at is null ? (object)new { } : new { publishAt = at }));

    public async Task UnpublishAsync(int id) => Accept(await Editor.PostAsync($"/api/v1/admin/articles/{id}/unpublish", null));

    public async Task DeleteAsync(int id) => Accept(await Editor.DeleteAsync($"/api/v1/admin/articles/{id}"));

    /// <summary>Renames the tag whose slug is <paramref name="slug"/>, when it exists.</summary>
    public async Task RenameTagAsync(string slug, string name)
    {
        int? id;
        using (var db = factory.OpenDatabase())
        {
            id = db.ExecuteScalar<int?>("SELECT id FROM tags WHERE slug = @slug", new { slug });
        }

        if (id is not null)
        {
            Accept(await Editor.PutAsJsonAsync($"/api/v1/admin/tags/{id}", new { name, slug }));
        }
    }

    private static void Accept(HttpResponseMessage response) =>
        Assert.True((int)response.StatusCode < 500, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");

    private static int FirstCategory(NewsApiFactory factory)
    {
        using var db = factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT min(id) FROM categories");
    }
}
