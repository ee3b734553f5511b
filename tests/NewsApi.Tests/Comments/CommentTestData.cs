using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;
using NewsApi.Tests.Reliability;

namespace NewsApi.Tests.Comments;

/// <summary>Requests and facts shared by the comment tests.</summary>
public static class CommentTestData
{
    public static string CommentsPath(string slugOrId) => $"/api/v1/articles/{Uri.EscapeDataString(slugOrId)}/comments";

    public static string SeedCommentsPath => CommentsPath(SeedArticle.Slug);

    /// <summary>A factory with the rate limit off and no flood interval, for tests about other things.</summary>
    public static NewsApiFactory Unthrottled() => new NewsApiFactory()
        .With("NewsApi:Comments:RateLimit:PermitLimit", "0")
        .With("NewsApi:Comments:FloodIntervalSeconds", "0");

    public static object Valid(string email = "reader@example.com", string body = "تعليق مفيد على الخبر", int? parentId = null) =>
        new { authorName = "قارئ مهتم", authorEmail = email, body, parentId };

    public static Task<HttpResponseMessage> PostCommentAsync(this HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json, string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, contentType));

    /// <summary>Like <see cref="NewsApiFactory.OpenDatabase"/>, also when the factory runs Kestrel instead of TestServer.</summary>
    public static DbConnection OpenDatabaseAnyServer(this WebApplicationFactory<Program> factory) =>
        factory.Services.GetRequiredService<Database>().Open(); // Services: start-up (migrations, seed) has run

    public static int SeedArticleId(this NewsApiFactory factory)
    {
        using var db = factory.OpenDatabaseAnyServer();
        return db.ExecuteScalar<int>("SELECT id FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });
    }

    /// <summary>The id of an approved top-level comment of the seed article.</summary>
    public static int ApprovedTopLevelCommentId(this NewsApiFactory factory)
    {
        using var db = factory.OpenDatabaseAnyServer();
        return db.ExecuteScalar<int>(
            "SELECT min(id) FROM comments WHERE article_id = @Id AND parent_id IS NULL AND status = 'approved'", new { Id = factory.SeedArticleId() });
    }

    public static int CountComments(this NewsApiFactory factory, string email)
    {
        using var db = factory.OpenDatabaseAnyServer();
        return db.ExecuteScalar<int>("SELECT count(*) FROM comments WHERE author_email = @Email", new { Email = email });
    }

    public static string StatusOf(this NewsApiFactory factory, int id)
    {
        using var db = factory.OpenDatabaseAnyServer();
        return db.ExecuteScalar<string>("SELECT status FROM comments WHERE id = @Id", new { Id = id })!;
    }

    /// <summary>The body of the comment a SIGKILL test sends from <paramref name="email"/>: the same every time, so it can be sent again.</summary>
    public static string CrashBody(string email) => $"تعليق {email}";

    /// <summary>
    /// Submits comments one after another, each from a new e-mail (<paramref name="writer"/>-n@example.com), until
    /// stopped, for the SIGKILL tests: records the id of each 202 under its e-mail and any other answer in
    /// <paramref name="unexpected"/>. With <paramref name="sent"/>, each submission carries its e-mail as its
    /// Idempotency-Key and is recorded there before it goes.
    /// </summary>
    public static async Task SubmitUntilStoppedAsync(
        HttpClient client, string writer, ConcurrentDictionary<string, long> acknowledged, ConcurrentBag<string> unexpected,
        CancellationToken stop, ConcurrentDictionary<string, bool>? sent = null)
    {
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var email = $"{writer}-{n}@example.com";
            sent?.TryAdd(email, true);
            try
            {
                // SendAsync reads the whole answer before returning, so a 202 here is an answer the client fully received.
                using var response = await client.PostCommentAsync(SeedCommentsPath, Valid(email, CrashBody(email)), sent is null ? null : email);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var answer = await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                    acknowledged[email] = answer.GetProperty("id").GetInt64();
                }
                else
                {
                    unexpected.Add($"{email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // The server died under this request (or is dead): no answer, so nothing was promised.
                await Task.Delay(10, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// One round of a SIGKILL test: starts the server, lets <paramref name="clients"/> writers submit (see
    /// <see cref="SubmitUntilStoppedAsync"/>) and, once writes flow, kills it at a random moment of the next second
    /// (mid-transaction, mid-commit, mid-response, between requests), then waits for the writers to give up.
    /// </summary>
    /// <returns>How many submissions this round acknowledged.</returns>
    public static async Task<int> KillDuringSubmissionsAsync(
        Func<Task<ServerProcess>> start, string writerPrefix, int clients, Random random, ConcurrentDictionary<string, long> acknowledged,
        ConcurrentBag<string> unexpected, ConcurrentDictionary<string, bool>? sent = null)
    {
        using var server = await start();
        using var client = server.CreateClient();
        using var stop = new CancellationTokenSource();
        var before = acknowledged.Count;
        var writers = Enumerable.Range(1, clients)
            .Select(writer => SubmitUntilStoppedAsync(client, $"{writerPrefix}-{writer}", acknowledged, unexpected, stop.Token, sent))
            .ToArray();

        var timeout = TimeSpan.FromSeconds(60);
        var waited = Stopwatch.StartNew();
        while (acknowledged.Count == before && unexpected.IsEmpty)
        {
            Assert.True(waited.Elapsed < timeout, $"No comment was acknowledged within {timeout}.\n{server.Output}");
            await Task.Delay(20);
        }

        await Task.Delay(random.Next(0, 1000));
        server.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        return acknowledged.Count - before;
    }
}

/// <summary>Makes every request come from <paramref name="address"/>, as if that peer had connected (set ahead of the app's middleware).</summary>
public sealed class PeerAddress(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
