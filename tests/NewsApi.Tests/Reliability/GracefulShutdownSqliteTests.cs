using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Xunit.Abstractions;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// SIGTERM (docker stop, systemd, Kubernetes) on the real server: a request already being served is finished and
/// answered, the process exits 0 within the shutdown timeout, and it leaves one checkpointed, intact database file.
/// </summary>
public sealed class GracefulShutdownSqliteTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>HostOptions.ShutdownTimeout (30 s by default) plus room for a loaded machine.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task SIGTERM_finishes_the_request_in_flight_then_exits_0_leaving_a_checkpointed_intact_file()
    {
        var clock = Stopwatch.StartNew();
        using var server = await ServerProcess.StartAsync(_database.FilePath);
        using var client = server.CreateClient();
        for (var n = 1; n <= 5; n++)
        {
            using var quick = await client.PostCommentAsync(SeedCommentsPath, Valid($"before-{n}@example.com", $"تعليق سريع {n}"));
            Assert.Equal(HttpStatusCode.Accepted, quick.StatusCode);
        }

        // The slow request is a genuinely slow client: it uploads its comment in two parts and sends the second only
        // once shutdown has begun. It waits for the server's "100 Continue", which Kestrel sends when the handler
        // starts reading the body, so the request is certainly being served when SIGTERM arrives.
        var slowBody = JsonSerializer.SerializeToUtf8Bytes(Valid("in-flight@example.com", "تعليق أُرسل ببطء أثناء إيقاف الخادم"));
        using var upload = new TwoPartContent(slowBody);
        using var slowClient = server.CreateClient(new SocketsHttpHandler { Expect100ContinueTimeout = ExitTimeout });
        using var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = upload };
        request.Headers.ExpectContinue = true;
        var answer = slowClient.SendAsync(request);
        await upload.FirstPartSent.WaitAsync(StepTimeout);

        server.Terminate();
        var terminated = clock.Elapsed;
        await server.WaitForOutputAsync("Application is shutting down", StepTimeout);
        upload.SendRest();
        using var response = await answer.WaitAsync(StepTimeout);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.True(await server.WaitForExitAsync(ExitTimeout), $"still running {ExitTimeout} after SIGTERM\n{server.Output}");
        Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode}\n{server.Output}");
        output.WriteLine($"Exited 0 {(clock.Elapsed - terminated).TotalSeconds:F1} s after SIGTERM; test took {clock.Elapsed.TotalSeconds:F1} s");

        // Checkpointed on the way out: Microsoft.Data.Sqlite closes its pooled connections when the process exits, and
        // SQLite checkpoints and removes the WAL when the last connection closes, so no shutdown code of ours is needed.
        Assert.True(!File.Exists(_database.WalPath) || new FileInfo(_database.WalPath).Length == 0, "the WAL still holds pages after a clean stop");
        Assert.Equal("ok", _database.IntegrityCheck());
        using var db = _database.Open();
        Assert.Equal(id, db.ExecuteScalar<long>("SELECT id FROM comments WHERE author_email = 'in-flight@example.com'"));
        Assert.Equal(5, db.ExecuteScalar<int>("SELECT count(*) FROM comments WHERE author_email LIKE 'before-%'"));
    }

    /// <summary>A JSON body sent in two parts: the first when the server asks for it, the rest when the test says so.</summary>
    private sealed class TwoPartContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _sendRest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TwoPartContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new("application/json");
        }

        public Task FirstPartSent => _firstPartSent.Task;

        public void SendRest() => _sendRest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _body.Length / 2;
            await stream.WriteAsync(_body.AsMemory(0, half));
            await stream.FlushAsync();
            _firstPartSent.TrySetResult();
            await _sendRest.Task.WaitAsync(StepTimeout);
            await stream.WriteAsync(_body.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
