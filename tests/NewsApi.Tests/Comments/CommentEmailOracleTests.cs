using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

/// <summary>
/// Issue 13, item 1: posting the text of a public comment under guessed e-mails must not tell which guess is the
/// commenter's address, by status, header, body or id, and the guesses must cost rate-limit permits.
/// </summary>
public sealed class CommentEmailOracleTests
{
    private const string Owner = "ahmed.samir@example.com"; // has an approved comment on the seed article in the demo content
    private const string Proxy = "198.51.100.20";

    private static (int Id, string Body) PublicComment(NewsApiFactory factory)
    {
        using var db = factory.OpenDatabaseAnyServer();
        return db.QuerySingle<(int, string)>(
            "SELECT id, body FROM comments WHERE author_email = @Owner AND status = 'approved' ORDER BY id LIMIT 1", new { Owner });
    }

    /// <summary>What a client can observe of an answer, with the values that legitimately differ per request left out.</summary>
    private static async Task<string> ShapeAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Content-Length"))
            .Select(h => h.Key + ": " + (h.Key is "traceparent" ? "" : string.Join(",", h.Value)))
            .Order(StringComparer.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        var shape = (int)response.StatusCode + "\n" + string.Join("\n", headers);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var json = JsonDocument.Parse(body).RootElement;
            shape += "\n" + string.Join(",", json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal))
                + "\n" + json.GetProperty("status").GetString() + "\n" + json.GetProperty("commenterToken").GetString()!.Length;
        }

        return shape;
    }

    [Fact]
    public async Task Guessing_the_email_of_a_public_comment_gets_the_same_answer_for_the_right_and_the_wrong_addresses_and_is_rate_limited()
    {
        using var factory = new NewsApiFactory()
            .With("NewsApi:Comments:RateLimit:PermitLimit", "10")
            .With("NewsApi:Comments:RateLimit:WindowSeconds", "600");
        var client = factory.CreateClient();
        var (originalId, body) = PublicComment(factory);

        // The attack of the issue: the public comment's text under 200 guessed addresses, the right one among the first.
        var guesses = Enumerable.Range(0, 200).Select(i => i == 3 ? Owner : $"guess{i}@example.com").ToList();
        var answers = new List<HttpResponseMessage>();
        foreach (var guess in guesses)
        {
            answers.Add(await client.PostCommentAsync(SeedCommentsPath, new { authorName = "أحمد سمير", authorEmail = guess, body }));
        }

        var shapes = await Task.WhenAll(answers.Take(10).Select(ShapeAsync));
        Assert.All(answers.Take(10), a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Single(shapes.Distinct());
        var ids = await Task.WhenAll(answers.Take(10).Select(async a => (await a.JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetInt32()));
        Assert.DoesNotContain(originalId, ids);
        Assert.All(answers.Skip(10), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.Equal(1, factory.CountComments(Owner));
        Assert.Equal(9, guesses.Take(10).Count(g => g != Owner && factory.CountComments(g) == 1));
    }

    [Fact]
    public async Task A_duplicate_is_answered_with_an_id_that_is_not_the_original_comments()
    {
        using var factory = Unthrottled();
        var (originalId, body) = PublicComment(factory);

        var duplicate = await (await factory.CreateClient().PostCommentAsync(SeedCommentsPath, new { authorName = "أحمد سمير", authorEmail = Owner, body }))
            .JsonAsync(HttpStatusCode.Accepted);

        Assert.NotEqual(originalId, duplicate.GetProperty("id").GetInt32());
        Assert.Equal("pending", duplicate.GetProperty("status").GetString());
        Assert.Equal(1, factory.CountComments(Owner));
    }

    /// <summary>Passes once comment ids are never reused (AUTOINCREMENT, issue 13 item 10): the deleted duplicate's id is then spent.</summary>
    [Fact]
    public async Task A_duplicates_id_is_never_handed_out_again_to_the_next_comment()
    {
        using var factory = Unthrottled();
        var (_, body) = PublicComment(factory);
        var client = factory.CreateClient();

        var duplicate = await (await client.PostCommentAsync(SeedCommentsPath, new { authorName = "أحمد سمير", authorEmail = Owner, body })).JsonAsync(HttpStatusCode.Accepted);
        var next = await (await client.PostCommentAsync(SeedCommentsPath, Valid("next@example.com"))).JsonAsync(HttpStatusCode.Accepted);

        Assert.NotEqual(duplicate.GetProperty("id").GetInt32(), next.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Flood_control_counts_an_email_per_client_address_and_a_duplicate_exactly_like_a_new_comment()
    {
        using var settings = new NewsApiFactory()
            .With("NewsApi:Comments:RateLimit:PermitLimit", "0")
            .With("NewsApi:Comments:FloodIntervalSeconds", "15")
            .With("NewsApi:Http:TrustedProxies:0", "198.51.100.0/24");
        using var factory = settings.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new PeerAddress(IPAddress.Parse(Proxy)))));
        var client = factory.CreateClient();
        var (_, publicBody) = PublicComment(settings);

        Task<HttpResponseMessage> Post(string from, string email, string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = JsonContent.Create(new { authorName = "قارئ", authorEmail = email, body }) };
            request.Headers.Add("X-Forwarded-For", from);
            return client.SendAsync(request);
        }

        var first = await Post("203.0.113.1", "shared@example.com", "تعليق أول");
        var sameEmailElsewhere = await Post("203.0.113.2", "shared@example.com", "تعليق من جهاز آخر");
        var sameEmailSameAddress = await Post("203.0.113.1", "shared@example.com", "تعليق ثان");

        // An attacker repeating a guess: the right e-mail (a duplicate, not stored) and a wrong one (stored) answer alike.
        var rightGuess = await Post("203.0.113.9", Owner, publicBody);
        var rightGuessAgain = await Post("203.0.113.9", Owner, publicBody);
        var wrongGuess = await Post("203.0.113.9", "wrong@example.com", publicBody);
        var wrongGuessAgain = await Post("203.0.113.9", "wrong@example.com", publicBody);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, sameEmailElsewhere.StatusCode);
        await sameEmailSameAddress.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Accepted, rightGuess.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, wrongGuess.StatusCode);
        await rightGuessAgain.ProblemAsync(HttpStatusCode.TooManyRequests);
        await wrongGuessAgain.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(rightGuessAgain.Headers.RetryAfter, wrongGuessAgain.Headers.RetryAfter);
        Assert.Equal(2, settings.CountComments("shared@example.com"));
    }
}
