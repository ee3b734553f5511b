using System.Net.Sockets;
using System.Text;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// A request body that breaks the protocol (a malformed chunk) is the client's error, not the server's: answered
/// with problem details and the usual security headers, and logged as one line without a stack trace, so sending
/// such bodies cannot fill the error log. Real Kestrel in the real process, over a raw socket, because no HTTP
/// client sends a malformed chunk and TestServer parses no chunks.
/// </summary>
public sealed class BadRequestBodyTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_malformed_chunk_is_a_400_problem_with_security_headers_logged_as_a_client_error_without_a_stack_trace()
    {
        // Debug for the application's own categories, so the one line it writes for a client error is visible.
        using var server = await ServerProcess.StartAsync(_database.FilePath, new Dictionary<string, string> { ["Logging__LogLevel__NewsApi"] = "Debug" });

        var (head, body) = await SendRawAsync(server.BaseAddress, $"""
            POST {SeedCommentsPath} HTTP/1.1
            Host: localhost
            Content-Type: application/json
            Transfer-Encoding: chunked


            """.Replace("\n", "\r\n", StringComparison.Ordinal) + "zz\r\n{\"authorName\":\"x\"}\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Content-Type-Options: nosniff", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Frame-Options: DENY", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Referrer-Policy: no-referrer", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Security-Policy: default-src 'none'", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":400", body, StringComparison.Ordinal);
        Assert.Contains("\"traceId\"", body, StringComparison.Ordinal);

        await server.WaitForOutputAsync("Bad request (400)", Timeout);
        var log = server.Output;
        // The server logs JSON in Production ("LogLevel":"Error"); plain logs would say "fail:".
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\"LogLevel\":\"Error\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\"LogLevel\":\"Critical\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    // Writes the request as given and reads until the server closes the connection (it does after a bad body).
    private static async Task<(string Head, string Body)> SendRawAsync(Uri server, string request)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cancel.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, cancel.Token);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no HTTP answer: {text}");
        return (text[..split], text[(split + 4)..]);
    }
}
