using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Data;

/// <summary>
/// Every write of the process takes one turn (Database.BeginWrite/BeginWriteAsync). A write that met SQLite's lock
/// instead would fail once busy_timeout (5 s) and the command timeout have passed (Microsoft.Data.Sqlite retries a busy
/// database for the command timeout, 30 s by default, 1 s here); one that waits for the turn succeeds however long the
/// write before it takes.
/// </summary>
public sealed class SqliteWriteTurnTests : IDisposable
{
    // Longer than the connections' busy_timeout, so only a queued writer can still succeed.
    private static readonly TimeSpan HeldLongerThanBusyTimeout = TimeSpan.FromSeconds(6);

    private readonly NewsApiFactory _factory;

    public SqliteWriteTurnTests()
    {
        var factory = new NewsApiFactory();
        _factory = factory.With("ConnectionStrings:News", factory.ConnectionString + ";Default Timeout=1");
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_editorial_write_and_a_comment_wait_for_a_long_write_and_then_succeed()
    {
        var database = _factory.Services.GetRequiredService<Database>();
        var editor = _factory.CreateEditorClient();
        var reader = _factory.CreateClient();

        Task<HttpResponseMessage> tag, comment;
        using (await database.BeginWriteAsync(CancellationToken.None))
        {
            tag = Task.Run(() => editor.PostAsJsonAsync("/api/v1/admin/tags", new { name = "وسم ينتظر دوره" }));
            comment = Task.Run(() => reader.PostCommentAsync(SeedCommentsPath, Valid("turn@example.com", "تعليق ينتظر دوره في الكتابة")));
            await Task.Delay(HeldLongerThanBusyTimeout);

            Assert.False(tag.IsCompleted, "the editorial write did not wait for the turn");
            Assert.False(comment.IsCompleted, "the comment did not wait for the turn");
            // Readers do not queue: WAL lets them read while the turn is held.
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/tags")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await tag).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await comment).StatusCode);
    }
}
