using System.Net;
using Dapper;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Comments;

/// <summary>
/// The duplicate rule's edges (an earlier comment of the same e-mail, on the same article, not trashed, with the same
/// folded text), which PostgreSQL now checks in the statement that inserts the comment, and which the index on
/// (author_email, article_id) serves on both engines; and identical submissions sent at once, whose order the e-mail's
/// lock (taken in the same command as the article's read) decides.
/// </summary>
public sealed class CommentDuplicateScopeTests : IDisposable
{
    private const string Body = "تعليق مكرر على الخبر";

    private readonly NewsApiFactory _factory = Unthrottled();

    public void Dispose() => _factory.Dispose();

    private int StoredWithBody(string email, string body = Body)
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT count(*) FROM comments WHERE author_email = @Email AND body = @Body", new { Email = email, Body = body });
    }

    private int OtherArticleId()
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<int>(
            "SELECT min(id) FROM articles WHERE status = 'published' AND comments_open AND slug <> @Slug", new { SeedArticle.Slug });
    }

    private static async Task PostAsync(HttpClient client, string path, string email, string body = Body) =>
        await (await client.PostCommentAsync(path, Valid(email, body))).JsonAsync(HttpStatusCode.Accepted);

    [Fact]
    public async Task The_same_text_from_the_same_email_is_kept_once_even_among_many_comments_of_the_article()
    {
        var client = _factory.CreateClient();
        for (var i = 0; i < 30; i++)
        {
            await PostAsync(client, SeedCommentsPath, $"other{i}@example.com");
        }

        await PostAsync(client, SeedCommentsPath, "twice@example.com");
        // Harakat and spacing folded away: the same comment.
        await PostAsync(client, SeedCommentsPath, "twice@example.com", "تَعليق  مكرر على الخبر");

        Assert.Equal(1, StoredWithBody("twice@example.com"));
        Assert.Equal(0, StoredWithBody("twice@example.com", "تَعليق  مكرر على الخبر"));
        Assert.Equal(30, Enumerable.Range(0, 30).Sum(i => StoredWithBody($"other{i}@example.com")));
    }

    [Fact]
    public async Task The_same_text_on_another_article_or_from_another_email_is_not_a_duplicate()
    {
        var client = _factory.CreateClient();
        var other = CommentsPath(OtherArticleId().ToString(System.Globalization.CultureInfo.InvariantCulture));

        await PostAsync(client, SeedCommentsPath, "both@example.com");
        await PostAsync(client, other, "both@example.com");
        await PostAsync(client, SeedCommentsPath, "someone.else@example.com");

        Assert.Equal(2, StoredWithBody("both@example.com"));
        Assert.Equal(1, StoredWithBody("someone.else@example.com"));
    }

    [Fact]
    public async Task A_trashed_comment_does_not_make_the_same_text_a_duplicate()
    {
        var client = _factory.CreateClient();
        await PostAsync(client, SeedCommentsPath, "again@example.com");
        using (var db = _factory.OpenDatabase())
        {
            db.Execute("UPDATE comments SET status = 'trash' WHERE author_email = 'again@example.com'");
        }

        await PostAsync(client, SeedCommentsPath, "again@example.com");

        Assert.Equal(2, StoredWithBody("again@example.com"));
    }

    [Fact]
    public async Task Identical_comments_sent_at_once_are_stored_once()
    {
        var client = _factory.CreateClient();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(client, SeedCommentsPath, "burst@example.com")));

        Assert.Equal(1, StoredWithBody("burst@example.com"));
    }
}
