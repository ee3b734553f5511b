using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using NewsApi.Admin;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

/// <summary>Issue 13, item 2: <c>trusted</c> moderation trusts a commenter token, never an e-mail a stranger can type.</summary>
public sealed class CommenterTokenTests : IDisposable
{
    private readonly NewsApiFactory _factory = Unthrottled().With("NewsApi:Comments:Moderation", "trusted");
    private readonly HttpClient _client;

    public CommenterTokenTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task<JsonElement> PostAsync(string email, string body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = JsonContent.Create(Valid(email, body)) };
        if (token is not null)
        {
            request.Headers.Add("X-Commenter-Token", token);
        }

        return await (await _client.SendAsync(request)).JsonAsync(HttpStatusCode.Accepted);
    }

    private async Task ApproveAsync(JsonElement accepted)
    {
        var moderator = _factory.CreateClientWithKey(ApiKeyStore.CommentsModerate);
        var response = await moderator.PatchAsJsonAsync($"/api/v1/admin/comments/{accepted.GetProperty("id").GetInt32()}", new { status = "approved" });
        await response.JsonAsync();
    }

    private static string Token(JsonElement accepted) => accepted.GetProperty("commenterToken").GetString()!;

    private static string Status(JsonElement accepted) => accepted.GetProperty("status").GetString()!;

    [Fact]
    public async Task A_returning_reader_is_published_at_once_only_with_the_token_of_an_approved_comment()
    {
        var first = await PostAsync("reader@example.com", "أول تعليق");
        var beforeApproval = await PostAsync("reader@example.com", "قبل الموافقة", Token(first));
        await ApproveAsync(first);

        var withToken = await PostAsync("reader@example.com", "تعليق بعد الموافقة", Token(first));
        var withoutToken = await PostAsync("Reader@Example.com", "تعليق بلا رمز");

        Assert.Equal("pending", Status(first));
        Assert.Equal("pending", Status(beforeApproval));
        Assert.Equal(Token(first), Token(beforeApproval));
        Assert.Equal("approved", Status(withToken));
        Assert.Equal(Token(first), Token(withToken));
        Assert.Equal("pending", Status(withoutToken));
        Assert.NotEqual(Token(first), Token(withoutToken));
    }

    [Fact]
    public async Task Typing_a_trusted_readers_email_or_using_the_token_a_stranger_got_with_it_is_not_enough()
    {
        var reader = await PostAsync("reader@example.com", "تعليق القارئ");
        await ApproveAsync(reader);

        // ahmed.samir@example.com has an approved comment in the demo content, from before tokens existed.
        var typedKnownEmail = await PostAsync("ahmed.samir@example.com", "أنا أحمد");
        var stranger = await PostAsync("reader@example.com", "أنا القارئ");
        var strangersToken = await PostAsync("reader@example.com", "أنا القارئ حقًا", Token(stranger));
        var tokenForAnotherEmail = await PostAsync("other@example.com", "رمز غيري", Token(reader));
        var forged = await PostAsync("reader@example.com", "رمز مزور", Token(reader)[..^2] + "AA");

        Assert.Equal("pending", Status(typedKnownEmail));
        Assert.Equal("pending", Status(stranger));
        Assert.NotEqual(Token(reader), Token(stranger));
        Assert.Equal("pending", Status(strangersToken));
        Assert.Equal("pending", Status(tokenForAnotherEmail));
        Assert.NotEqual(Token(reader), Token(tokenForAnotherEmail));
        Assert.Equal("pending", Status(forged));
    }

    [Fact]
    public async Task A_token_from_a_duplicate_is_echoed_like_one_from_a_stored_comment()
    {
        await PostAsync("dup@example.com", "نص مكرر");
        var duplicate = await PostAsync("dup@example.com", "نص مكرر");
        var stored = await PostAsync("fresh@example.com", "نص جديد");

        var afterDuplicate = await PostAsync("dup@example.com", "نص آخر", Token(duplicate));
        var afterStored = await PostAsync("fresh@example.com", "نص آخر", Token(stored));

        Assert.Equal(Token(duplicate), Token(afterDuplicate));
        Assert.Equal(Token(stored), Token(afterStored));
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored()
    {
        var accepted = await PostAsync("hash@example.com", "تعليق");
        var token = Token(accepted);

        using var db = _factory.OpenDatabase();
        var stored = db.QuerySingle<string>("SELECT token_hash FROM comment_tokens WHERE comment_id = @Id", new { Id = accepted.GetProperty("id").GetInt32() });
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored);
        Assert.Equal(0, db.ExecuteScalar<int>("SELECT count(*) FROM comment_tokens WHERE token_hash = @Token", new { Token = token }));
        var texts = db.Query<string>("SELECT body || ' ' || coalesce(author_url, '') || ' ' || coalesce(user_agent, '') FROM comments");
        Assert.DoesNotContain(texts, text => text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_browser_on_another_origin_may_send_the_token_header()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, SeedCommentsPath);
        preflight.Headers.Add("Origin", "https://front.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-commenter-token");

        var response = await _client.SendAsync(preflight);

        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Headers", out var allowed));
        Assert.Contains("x-commenter-token", string.Join(",", allowed!), StringComparison.OrdinalIgnoreCase);
    }
}
