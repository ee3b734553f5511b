using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

/// <summary>
/// Through a real Kestrel socket on 127.0.0.1: the server's own request body limit and the client address as the
/// connection and a trusted proxy (loopback) report it. TestServer enforces neither.
/// </summary>
public sealed class CommentKestrelTests : IDisposable
{
    private readonly NewsApiFactory _factory;
    private readonly HttpClient _client;

    public CommentKestrelTests()
    {
        _factory = Unthrottled().With("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0");
        _factory.UseKestrel();
        _factory.StartServer();
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private string? AddressOf(string email)
    {
        using var db = _factory.OpenDatabaseAnyServer();
        return db.ExecuteScalar<string?>("SELECT client_address FROM comments WHERE author_email = @Email", new { Email = email });
    }

    [Fact]
    public async Task The_connection_address_is_stored_and_a_loopback_proxy_may_forward_the_clients()
    {
        Assert.Equal("127.0.0.1", _client.BaseAddress!.Host);
        var direct = await _client.PostCommentAsync(SeedCommentsPath, Valid("direct@example.com"));
        using var proxied = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = JsonContent.Create(Valid("proxied@example.com")) };
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var forwarded = await _client.SendAsync(proxied);

        Assert.Equal(HttpStatusCode.Accepted, direct.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, forwarded.StatusCode);
        Assert.Equal("127.0.0.1", AddressOf("direct@example.com"));
        Assert.Equal("203.0.113.9", AddressOf("proxied@example.com"));
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413_whether_announced_or_streamed()
    {
        var json = $"{{\"authorName\":\"س\",\"authorEmail\":\"big@example.com\",\"body\":\"{new string('x', 70_000)}\"}}";
        // Expect: 100-continue, as a real client uploading a large body would: the server can refuse before the body
        // is sent, so the refusal does not race the upload (a reset connection made this test fail now and then).
        using var oversized = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        oversized.Headers.ExpectContinue = true;
        var announced = await _client.SendAsync(oversized);
        using var streamed = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath)
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))),
        };
        streamed.Content.Headers.ContentType = new("application/json");
        streamed.Headers.TransferEncodingChunked = true;
        streamed.Headers.ExpectContinue = true;
        var chunked = await _client.SendAsync(streamed);

        await announced.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await chunked.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, _factory.CountComments("big@example.com"));
    }
}
