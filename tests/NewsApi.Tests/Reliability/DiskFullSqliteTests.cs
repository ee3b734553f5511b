using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// A full disk, simulated with NewsApi:Database:MaxPageCount (SQLite answers SQLITE_FULL exactly as when the disk is
/// full) and lifted again through a configuration reload, as an operator would edit appsettings.json.
/// </summary>
public sealed class DiskFullSqliteTests : IDisposable
{
    private const string PageCapKey = "NewsApi:Database:MaxPageCount";

    // About 10 KB of UTF-8: more than the free room of any page, so storing it needs new pages.
    private static readonly string LongBody = string.Join(' ', Enumerable.Repeat("تعليق طويل يحتاج إلى صفحات جديدة في قاعدة البيانات.", 90));

    private readonly NewsApiFactory _factory = Unthrottled().With("NewsApi:Comments:Moderation", "auto");

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Writes_answer_503_while_the_database_is_full_reads_keep_working_and_writes_resume_when_space_returns()
    {
        var reader = _factory.CreateClient();
        var editor = _factory.CreateEditorClient(); // its API key is stored now, before the disk fills
        (await reader.PostCommentAsync(SeedCommentsPath, Valid("before@example.com", "تعليق قبل امتلاء القرص"))).EnsureSuccessStatusCode();
        using (var db = _factory.OpenDatabase())
        {
            // Free pages would take new rows without growing the file: compact it, so that the cap is really reached.
            db.Execute("VACUUM");
            Assert.Equal(0, db.ExecuteScalar<long>("PRAGMA freelist_count"));
            SetPageCap(db.ExecuteScalar<long>("PRAGMA page_count"));
        }

        var comment = await reader.PostCommentAsync(SeedCommentsPath, Valid("while-full@example.com", LongBody));
        using var arabic = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/articles") { Content = JsonContent.Create(Article()) };
        arabic.Headers.AcceptLanguage.ParseAdd("ar");
        var article = await editor.SendAsync(arabic);

        var commentProblem = await comment.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        var articleProblem = await article.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("https://newsapi.dev/problems/unavailable", commentProblem.GetProperty("type").GetString());
        Assert.Equal("Service unavailable", commentProblem.GetProperty("title").GetString());
        Assert.Equal("الخدمة غير متاحة", articleProblem.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(10), comment.Headers.RetryAfter?.Delta);
        Assert.NotNull(article.Headers.RetryAfter?.Delta);
        Assert.Equal(0, _factory.CountComments("while-full@example.com"));

        // What was stored before is intact and served.
        var comments = await (await reader.GetAsync(SeedCommentsPath)).JsonAsync();
        Assert.Contains(comments.GetProperty("items").EnumerateArray(), c => c.GetProperty("body").GetString() == "تعليق قبل امتلاء القرص");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(SeedArticle.Slug)}")).StatusCode);
        using (var db = _factory.OpenDatabase())
        {
            Assert.Equal("ok", db.ExecuteScalar<string>("PRAGMA integrity_check"));
        }

        // Space returns without a restart: the cap is read again whenever a connection is opened.
        SetPageCap(0);
        Assert.Equal(HttpStatusCode.Accepted, (await reader.PostCommentAsync(SeedCommentsPath, Valid("while-full@example.com", LongBody))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/v1/admin/articles", Article())).StatusCode);
        Assert.Equal(1, _factory.CountComments("while-full@example.com"));
    }

    private object Article()
    {
        using var db = _factory.OpenDatabase();
        return new
        {
            title = "مقالة تُكتب والقرص ممتلئ",
            bodyHtml = $"<p>{LongBody}</p>",
            categoryId = db.ExecuteScalar<int>("SELECT min(id) FROM categories"),
        };
    }

    // As an operator editing appsettings.json would: the configuration reloads and IOptionsMonitor sees the new value.
    private void SetPageCap(long pages)
    {
        var configuration = (IConfigurationRoot)_factory.Services.GetRequiredService<IConfiguration>();
        configuration[PageCapKey] = pages.ToString(CultureInfo.InvariantCulture);
        configuration.Reload();
    }
}
