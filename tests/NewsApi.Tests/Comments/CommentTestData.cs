using System.Net.Http.Json;
using System.Text;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using NewsApi.Tests.Infrastructure;

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
    public static SqliteConnection OpenDatabaseAnyServer(this NewsApiFactory factory)
    {
        _ = factory.Services; // start-up (migrations, seed) has run
        var connection = new SqliteConnection(factory.ConnectionString + ";Foreign Keys=True");
        connection.Open();
        return connection;
    }

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
