using System.Net;
using System.Net.Http.Json;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Admin;

/// <summary>
/// Every admin write of a versioned resource honours If-Match: a stale ETag is refused with 412 and changes nothing,
/// the current one is accepted, and without the header the write applies (only the article PUT requires it: 428).
/// </summary>
public sealed class IfMatchTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly Newsroom _newsroom;

    public IfMatchTests() => _newsroom = new Newsroom(_factory);

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string> Writes => new()
    {
        "delete article", "publish article", "unpublish article", "replace related links",
        "rename category", "delete category", "rename tag", "delete tag", "rename author", "delete author",
    };

    /// <summary>A resource to write, the request that writes it, and another editor's change to the same resource.</summary>
    private sealed record Case(string Resource, Func<HttpRequestMessage> Write, Func<HttpRequestMessage> OtherEdit);

    private async Task<Case> ArrangeAsync(string write)
    {
        var (kind, action) = (write.Split(' ')[^1], write.Split(' ')[0]);
        if (kind is "article" or "links")
        {
            var id = await _newsroom.PublishAsync($"خبر للاختبار {Guid.NewGuid():N}", SeedArticle.CategorySlug);
            var resource = $"/api/v1/admin/articles/{id}";
            Func<HttpRequestMessage> otherEdit = () => new(HttpMethod.Put, resource + "/related-links") { Content = JsonContent.Create(Array.Empty<object>()) };
            return action switch
            {
                "delete" => new Case(resource, () => new(HttpMethod.Delete, resource), otherEdit),
                "publish" => new Case(resource, () => new(HttpMethod.Post, resource + "/publish") { Content = JsonContent.Create(new { }) }, otherEdit),
                "unpublish" => new Case(resource, () => new(HttpMethod.Post, resource + "/unpublish"), otherEdit),
                _ => new Case(resource, () => new(HttpMethod.Put, resource + "/related-links")
                {
                    Content = JsonContent.Create(new[] { new { title = "مصدر خارجي", url = "https://example.com/source" } }),
                }, otherEdit),
            };
        }

        var collection = $"/api/v1/admin/{kind switch { "category" => "categories", "tag" => "tags", _ => "authors" }}";
        var created = await (await _newsroom.Editor.PostAsJsonAsync(collection, new { name = $"اسم {Guid.NewGuid():N}" })).JsonAsync(HttpStatusCode.Created);
        var item = $"{collection}/{created.GetProperty("id").GetInt32()}";
        Func<HttpRequestMessage> rename = () => new(HttpMethod.Put, item) { Content = JsonContent.Create(new { name = $"اسم جديد {Guid.NewGuid():N}" }) };
        return new Case(item, action == "delete" ? () => new(HttpMethod.Delete, item) : rename, rename);
    }

    private async Task<string> ETagAsync(string resource)
    {
        var response = await _newsroom.Editor.GetAsync(resource);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag?.ToString() ?? throw new Xunit.Sdk.XunitException($"{resource} sent no ETag");
    }

    private Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string? ifMatch)
    {
        var request = build();
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return _newsroom.Editor.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_stale_If_Match_is_refused_with_412_and_changes_nothing(string write)
    {
        var arranged = await ArrangeAsync(write);
        var seen = await ETagAsync(arranged.Resource);
        Assert.True((await SendAsync(arranged.OtherEdit, null)).IsSuccessStatusCode);
        var current = await ETagAsync(arranged.Resource);

        var problem = await (await SendAsync(arranged.Write, seen)).ProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(current, await ETagAsync(arranged.Resource));
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task The_current_ETag_is_accepted(string write)
    {
        var arranged = await ArrangeAsync(write);

        var response = await SendAsync(arranged.Write, await ETagAsync(arranged.Resource));

        Assert.True(response.IsSuccessStatusCode, $"{write}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Without_If_Match_the_write_applies(string write)
    {
        var arranged = await ArrangeAsync(write);

        var response = await SendAsync(arranged.Write, null);

        Assert.True(response.IsSuccessStatusCode, $"{write}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("categories")]
    [InlineData("tags")]
    [InlineData("authors")]
    public async Task Taxonomy_reads_and_writes_send_the_ETag_the_next_write_matches(string collection)
    {
        var created = await _newsroom.Editor.PostAsJsonAsync($"/api/v1/admin/{collection}", new { name = "اسم أول" });
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var item = $"/api/v1/admin/{collection}/{id}";
        Assert.Equal(created.Headers.ETag?.ToString(), await ETagAsync(item));

        var renamed = await SendAsync(() => new(HttpMethod.Put, item) { Content = JsonContent.Create(new { name = "اسم ثان" }) }, created.Headers.ETag!.ToString());
        await renamed.JsonAsync();

        Assert.NotEqual(created.Headers.ETag, renamed.Headers.ETag);
        Assert.Equal(renamed.Headers.ETag?.ToString(), await ETagAsync(item));
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(() => new(HttpMethod.Delete, item), renamed.Headers.ETag!.ToString())).StatusCode);
    }
}
