using System.Net;
using System.Text;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Admin;

/// <summary>Through a real Kestrel socket: the server's request body limit, which TestServer does not enforce.</summary>
public sealed class AdminKestrelTests : IDisposable
{
    private readonly NewsApiFactory _factory = new NewsApiFactory().With("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0");

    public AdminKestrelTests()
    {
        _factory.UseKestrel();
        _factory.StartServer();
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_admin_body_over_the_servers_limit_is_a_413_problem_the_document_lists()
    {
        // Kestrel's default limit is 30,000,000 bytes; admin routes keep it (comments set their own 64 KiB).
        var json = $"{{\"name\":\"{new string('x', 30_000_100)}\"}}";
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/tags") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        oversized.Headers.ExpectContinue = true; // the refusal comes before the upload, so it cannot race it
        using var editor = _factory.CreateEditorClient();

        await (await editor.SendAsync(oversized)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        var document = await (await editor.GetAsync("/openapi/v1.json")).JsonAsync();
        var responses = document.GetProperty("paths").GetProperty("/api/v1/admin/tags").GetProperty("post").GetProperty("responses");
        Assert.True(responses.TryGetProperty("413", out _), responses.ToString());
    }
}
