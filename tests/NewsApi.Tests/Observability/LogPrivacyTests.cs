using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsApi.Admin;
using NewsApi.Tests.Comments;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Observability;

/// <summary>
/// What a commenter sends (e-mail address, body) and the secrets of the API (keys, commenter tokens) never reach the
/// logs, at any level: every log entry of a host is captured in memory, from Trace up, with its message, its structured
/// values, its scopes and its exception, while comments are posted, replayed, refused and moderated.
/// </summary>
public sealed class LogPrivacyTests
{
    [Fact]
    public async Task No_log_entry_at_any_level_carries_an_email_a_comment_body_a_commenter_token_or_an_api_key()
    {
        var marker = Guid.NewGuid().ToString("N")[..12];
        var email = $"log-canary-{marker}@example.com";
        var body = $"نص التعليق السري {marker}";
        var logs = new CapturedLogs();
        using var factory = CommentTestData.Unthrottled().With("NewsApi:Comments:Moderation", "trusted");
        using var host = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(logs);
            // A rule for this provider alone wins over the configuration's levels: everything, from Trace up.
            logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        }));
        var key = host.Services.GetRequiredService<ApiKeyStore>().Create("moderator", [ApiKeyStore.CommentsModerate]).Secret;
        var client = host.CreateClient();
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // A comment, its exact duplicate, and one carrying the commenter token it was given.
        var first = await client.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid(email, body));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var accepted = await first.Content.ReadFromJsonAsync<JsonElement>();
        var token = accepted.GetProperty("commenterToken").GetString()!;
        var id = accepted.GetProperty("id").GetInt32();
        await client.PostCommentAsync(CommentTestData.SeedCommentsPath, CommentTestData.Valid(email, body));
        using (var withToken = new HttpRequestMessage(HttpMethod.Post, CommentTestData.SeedCommentsPath))
        {
            withToken.Content = JsonContent.Create(CommentTestData.Valid(email, body + " ثانٍ"));
            withToken.Headers.Add("X-Commenter-Token", token);
            withToken.Headers.Add("Idempotency-Key", $"key-{marker}");
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(withToken)).StatusCode);
        }

        // Refusals that echo nothing back but might be logged: invalid fields, malformed JSON, a bad admin body.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostCommentAsync(CommentTestData.SeedCommentsPath, new { authorName = "", authorEmail = email, body })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostRawAsync(CommentTestData.SeedCommentsPath, $"{{\"authorEmail\":\"{email}\",\"body\":")).StatusCode);
        using (var broken = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/admin/comments/{id}") { Content = new StringContent($"{{\"status\":\"{email}", Encoding.UTF8, "application/json") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(broken)).StatusCode);
        }

        // Moderation, where the e-mail is in the answer.
        Assert.Contains(email, await admin.GetStringAsync("/api/v1/admin/comments?status=pending"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/admin/comments/{id}", new { status = "approved" })).StatusCode);

        var captured = logs.Text();
        // The capture works below the configured levels: the framework's Debug entries of these requests are in it.
        Assert.Contains(LogLevel.Debug, logs.Levels);
        Assert.Contains("/comments", captured, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, captured, StringComparison.Ordinal);
        Assert.DoesNotContain(email, captured, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token, captured, StringComparison.Ordinal);
        Assert.DoesNotContain(key, captured, StringComparison.Ordinal);
    }

    /// <summary>Every entry as text: level, category, message, each structured value, each scope and the exception.</summary>
    private sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _entries = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentDictionary<LogLevel, bool> LevelsSeen { get; } = new();

        public ICollection<LogLevel> Levels => LevelsSeen.Keys;

        public string Text() => string.Join('\n', _entries);

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
                Describe(entry, state);
                owner._scopes.ForEachScope((scope, text) => Describe(text, scope), entry);
                entry.Append(' ').Append(exception);
                owner._entries.Enqueue(entry.ToString());
                owner.LevelsSeen.TryAdd(logLevel, true);
            }

            private static void Describe(StringBuilder entry, object? state)
            {
                entry.Append(" | ").Append(state);
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (name, value) in values)
                    {
                        entry.Append(' ').Append(name).Append('=').Append(value);
                    }
                }
            }
        }
    }
}
