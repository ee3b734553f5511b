using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Http;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

public sealed class CommentPrivacyTests
{
    private const string Email = "Secret.Reader-7f3a@private-example.net";
    private const string Address = "198.51.100.77";
    private const string Agent = "PrivateAgent/9.9 (unique-ua-5c1e)";

    [Fact]
    public async Task No_public_route_shows_a_commenters_email_address_or_user_agent_in_any_form()
    {
        using var factory = Unthrottled().With("NewsApi:Comments:Moderation", "auto");
        var client = factory.CreateClient();
        using (var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = System.Net.Http.Json.JsonContent.Create(Valid(Email, "تعليق من قارئ يريد الخصوصية")) })
        {
            request.Headers.UserAgent.ParseAdd(Agent);
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
        }

        using (var db = factory.OpenDatabase())
        {
            // Whatever address the test host reports, make the stored one unmistakable.
            db.Execute("UPDATE comments SET client_address = @Address WHERE author_email = @Email", new { Address, Email = Email.ToLowerInvariant() });
        }

        var forbidden = Forbidden().ToList();
        var crawled = 0;
        foreach (var path in PublicGetPaths(factory))
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            foreach (var secret in forbidden)
            {
                Assert.DoesNotContain(secret, body + headers, StringComparison.OrdinalIgnoreCase);
            }

            crawled++;
        }

        Assert.True(crawled >= 8, $"only {crawled} routes crawled");
        var comments = await (await client.GetAsync(SeedCommentsPath + "?pageSize=100")).Content.ReadAsStringAsync();
        Assert.Contains("تعليق من قارئ يريد الخصوصية", comments, StringComparison.Ordinal);
    }

    // The e-mail as typed and normalised, its local part, the hashes avatar services use, the address and the user agent.
    private static IEnumerable<string> Forbidden()
    {
        var email = Email.ToLowerInvariant();
        yield return email;
        yield return Email.Split('@')[0];
#pragma warning disable CA5351 // Gravatar's hash: what a leak would look like, not a use of MD5.
        yield return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email)));
#pragma warning restore CA5351
        yield return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)));
        yield return Address;
        yield return "unique-ua-5c1e";
    }

    /// <summary>Every public GET route of the running app, with its parameters filled from the seed article.</summary>
    private static IEnumerable<string> PublicGetPaths(NewsApiFactory factory)
    {
        var declared = factory.Services.GetRequiredService<DeclaredQueryParameters>();
        var endpoints = factory.Routes()
            .Where(r => r.Method == "GET")
            .Where(r => r.Pattern.StartsWith("/api/v1", StringComparison.Ordinal) && !r.Pattern.StartsWith("/api/v1/admin", StringComparison.Ordinal))
            .DistinctBy(r => r.Pattern)
            .ToList();
        Assert.Contains(endpoints, r => r.Pattern.EndsWith("/comments", StringComparison.Ordinal));

        using var db = factory.OpenDatabase();
        var articleId = factory.SeedArticleId();
        foreach (var (pattern, pages) in endpoints.Select(r => (r.Pattern, declared.Of(r.Endpoint).Contains("pageSize"))))
        {
            var path = pattern
                .Replace("/categories/{slug}", "/categories/" + Uri.EscapeDataString(SeedArticle.CategorySlug), StringComparison.Ordinal)
                .Replace("{slug}", SeedArticle.EncodedSlug, StringComparison.Ordinal)
                .Replace("{id:int}", articleId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                // The draft preview shows the seed article too, with its approved comment counted.
                .Replace("{token}", factory.Services.GetRequiredService<NewsApi.Preview.PreviewTokens>().Issue(articleId).Token, StringComparison.Ordinal);
            Assert.DoesNotContain("{", path, StringComparison.Ordinal);
            if (path.EndsWith("/redirects", StringComparison.Ordinal))
            {
                // An old address of the seed article (issue 17), recorded as an import records one, so the lookup finds it.
                factory.Services.GetRequiredService<NewsApi.Data.Database>().Write(write =>
                {
                    NewsApi.Redirects.RedirectStore.Record(
                        write.Connection, write.Transaction, [new("/?p=1", NewsApi.Redirects.RedirectKind.Article, articleId)], NewsApi.Data.Timestamps.ToDb(DateTime.UtcNow));
                    return 0;
                });
                path += "?path=" + Uri.EscapeDataString("/?p=1");
            }

            if (path.EndsWith("/search", StringComparison.Ordinal))
            {
                // Search needs words: the seed article's, so that hits and their snippets are in the answer.
                path += "?pageSize=100&q=" + Uri.EscapeDataString("الروسي");
            }

            if (path.EndsWith("/search/suggest", StringComparison.Ordinal))
            {
                // Suggestions need a prefix: one of the seed article's title words (issue 18).
                path += "?q=" + Uri.EscapeDataString("الروس");
            }

            yield return path;
            if (pages && !path.Contains('?', StringComparison.Ordinal))
            {
                yield return path + "?pageSize=100";
            }
        }
    }
}
