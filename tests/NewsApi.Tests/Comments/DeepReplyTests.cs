using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Admin;
using NewsApi.Data;
using NewsApi.Import;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Comments;

/// <summary>
/// Issue 17, item 4: replies deeper than the five levels the public list nests are shown flattened at the fifth level,
/// as WordPress shows them, and an article's <c>commentCount</c> is always what a reader can page through. The thread
/// comes from an imported WordPress export (Import/Fixtures/links/old-links.xml: 501…508 nest eight deep, 509 answers
/// the fifth level, 510 is pending, 511 and 512 are a second thread, 513 is spam).
/// </summary>
public sealed class DeepReplyTests : IDisposable
{
    private const string Slug = "رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى";

    private readonly NewsApiFactory _factory = new NewsApiFactory().With("NewsApi:Database:SeedDemoContent", "false");
    private readonly HttpClient _client;

    public DeepReplyTests()
    {
        using (var stream = File.OpenRead(Redirects.RedirectTests.FixturePath))
        {
            var summary = _factory.Services.GetRequiredService<WordPressImporter>().Import(stream);
            Assert.Equal(11, summary.Comments);
        }

        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private static string CommentsPath(int pageSize, int page = 1) =>
        $"/api/v1/articles/{Uri.EscapeDataString(Slug)}/comments?pageSize={pageSize}&page={page}";

    private async Task<int> CommentCountAsync() =>
        (await (await _client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(Slug)}")).JsonAsync()).GetProperty("commentCount").GetInt32();

    /// <summary>Every comment a reader sees on every page, in reading order, with the level it is shown at.</summary>
    private async Task<List<(JsonElement Comment, int Level)>> EveryCommentAsync(int pageSize)
    {
        var shown = new List<(JsonElement, int)>();
        void Walk(JsonElement comment, int level)
        {
            shown.Add((comment, level));
            foreach (var reply in comment.GetProperty("replies").EnumerateArray())
            {
                Walk(reply, level + 1);
            }
        }

        for (var page = 1; ; page++)
        {
            var answer = await (await _client.GetAsync(CommentsPath(pageSize, page))).JsonAsync();
            foreach (var comment in answer.GetProperty("items").EnumerateArray())
            {
                Walk(comment, 1);
            }

            if (page >= answer.GetProperty("totalPages").GetInt32())
            {
                return shown;
            }
        }
    }

    private static JsonElement ByAuthor(IEnumerable<(JsonElement Comment, int Level)> shown, string name) =>
        shown.Single(c => c.Comment.GetProperty("authorName").GetString() == name).Comment;

    [Fact]
    public async Task A_thread_eight_deep_is_shown_whole_with_replies_below_the_fifth_level_beside_their_parent()
    {
        var shown = await EveryCommentAsync(pageSize: 100);

        Assert.Equal(["أحمد", "سلمى", "كريم", "منى", "يوسف", "هدى", "طارق", "ليلى", "نادر", "رانيا", "عمر"], shown.Select(c => c.Comment.GetProperty("authorName").GetString()!).ToArray());
        Assert.Equal([1, 2, 3, 4, 5, 5, 5, 5, 5, 1, 2], shown.Select(c => c.Level).ToArray());
        var fourth = ByAuthor(shown, "منى");
        Assert.Equal(["يوسف", "هدى", "طارق", "ليلى", "نادر"], fourth.GetProperty("replies").Strings("authorName"));
        // Each keeps the comment it answers as its parentId.
        var ids = shown.ToDictionary(c => c.Comment.GetProperty("authorName").GetString()!, c => c.Comment.GetProperty("id").GetInt32());
        Assert.Equal(ids["منى"], ByAuthor(shown, "يوسف").GetProperty("parentId").GetInt32());
        Assert.Equal(ids["يوسف"], ByAuthor(shown, "هدى").GetProperty("parentId").GetInt32());
        Assert.Equal(ids["هدى"], ByAuthor(shown, "طارق").GetProperty("parentId").GetInt32());
        Assert.Equal(ids["طارق"], ByAuthor(shown, "ليلى").GetProperty("parentId").GetInt32());
        Assert.Equal(ids["يوسف"], ByAuthor(shown, "نادر").GetProperty("parentId").GetInt32());
        Assert.DoesNotContain(shown, c => c.Comment.GetProperty("authorName").GetString() is "زائر" or "spam");
        Assert.Equal(11, await CommentCountAsync());
    }

    [Fact]
    public async Task Paging_one_thread_at_a_time_gives_exactly_commentCount_comments_in_the_article_its_list_and_the_admin_view()
    {
        var list = await (await _client.GetAsync("/api/v1/articles?pageSize=100")).JsonAsync();
        var summary = list.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("slug").GetString() == Slug);
        var id = summary.GetProperty("id").GetInt32();
        var admin = await (await _factory.CreateEditorClient().GetAsync($"/api/v1/admin/articles/{id}")).JsonAsync();
        var first = await (await _client.GetAsync(CommentsPath(pageSize: 1))).JsonAsync();

        var shown = await EveryCommentAsync(pageSize: 1);

        Assert.Equal(2, first.GetProperty("totalItems").GetInt32());
        Assert.Equal(shown.Count, await CommentCountAsync());
        Assert.Equal(shown.Count, summary.GetProperty("commentCount").GetInt32());
        Assert.Equal(shown.Count, admin.GetProperty("commentCount").GetInt32());
        Assert.Equal(shown.Count, shown.Select(c => c.Comment.GetProperty("id").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task Replies_written_deeper_by_another_writer_are_shown_and_counted_and_withdrawing_their_ancestor_withdraws_them()
    {
        var shown = await EveryCommentAsync(pageSize: 100);
        var deepest = ByAuthor(shown, "ليلى");
        var articleId = (await (await _client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(Slug)}")).JsonAsync()).GetProperty("id").GetInt32();

        // What any writer of comments does (the importer, a migration script): ContentWriter, in a write transaction.
        var database = _factory.Services.GetRequiredService<Database>();
        var at = new DateTimeOffset(2024, 11, 30, 9, 0, 0, TimeSpan.Zero);
        database.Write(write =>
        {
            var writer = new ContentWriter(write.Connection, write.Transaction, Timestamps.ToDb(at));
            var ninth = writer.InsertComment(new NewComment(articleId, deepest.GetProperty("id").GetInt32(), "سامي", "sami@example.com", null, "المستوى التاسع.", "approved", at));
            return writer.InsertComment(new NewComment(articleId, ninth, "دينا", "dina@example.com", null, "المستوى العاشر.", "approved", at.AddMinutes(5)));
        });
        await WaitForCountAsync(13);

        shown = await EveryCommentAsync(pageSize: 1);
        Assert.Equal(13, shown.Count);
        Assert.Equal(["يوسف", "هدى", "طارق", "ليلى", "نادر", "سامي", "دينا"], ByAuthor(shown, "منى").GetProperty("replies").Strings("authorName"));

        var moderator = _factory.CreateClientWithKey(ApiKeyStore.CommentsModerate);
        var fourth = ByAuthor(shown, "منى").GetProperty("id").GetInt32();
        await (await moderator.PatchAsJsonAsync($"/api/v1/admin/comments/{fourth}", new { status = "trash" })).JsonAsync();

        shown = await EveryCommentAsync(pageSize: 1);
        Assert.Equal(["أحمد", "سلمى", "كريم", "رانيا", "عمر"], shown.Select(c => c.Comment.GetProperty("authorName").GetString()!).ToArray());
        Assert.Equal(5, await CommentCountAsync());
    }

    // PostgreSQL tells this host of a write by NOTIFY, within milliseconds; SQLite at once.
    private async Task WaitForCountAsync(int expected)
    {
        for (var attempt = 0; attempt < 100 && await CommentCountAsync() != expected; attempt++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(expected, await CommentCountAsync());
    }

    [Fact]
    public void Replies_dated_before_their_parents_are_all_imported_under_their_parents()
    {
        // The same export with the dates turned around: each comment dated before the one it answers. Found in review:
        // the importer retried a reply whose parent was not yet in for a fixed number of rounds, then dropped it.
        var reversed = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(Redirects.RedirectTests.FixturePath),
            @"<wp:comment_id>(\d+)</wp:comment_id>(.*?)<wp:comment_date><!\[CDATA\[[^\]]*\]\]></wp:comment_date>\s*<wp:comment_date_gmt><!\[CDATA\[[^\]]*\]\]></wp:comment_date_gmt>",
            match =>
            {
                var date = new DateTime(2024, 11, 29, 0, 0, 0).AddMinutes(1000 - int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                    .ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                return $"<wp:comment_id>{match.Groups[1].Value}</wp:comment_id>{match.Groups[2].Value}<wp:comment_date><![CDATA[{date}]]></wp:comment_date>"
                    + $"<wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>";
            },
            System.Text.RegularExpressions.RegexOptions.Singleline);
        using var factory = new NewsApiFactory().With("NewsApi:Database:SeedDemoContent", "false");

        var summary = factory.Services.GetRequiredService<WordPressImporter>().Import(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(reversed)));

        Assert.Equal(11, summary.Comments);
        using var db = factory.OpenDatabase();
        // The eight-deep thread 501…508 keeps its shape: seven replies, each under the comment before it.
        Assert.Equal(7, Dapper.SqlMapper.ExecuteScalar<int>(db, """
            SELECT count(*) FROM comments reply JOIN comments parent ON parent.id = reply.parent_id
            WHERE reply.body LIKE '%رد على مستوى%' AND parent.body LIKE '%رد على مستوى%'
            """));
    }
}
