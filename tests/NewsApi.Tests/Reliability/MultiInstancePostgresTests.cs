using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Data.Postgres;
using NewsApi.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// Two real Kestrel processes of the app, A and B, on one PostgreSQL database and one Redis, as behind a load balancer:
/// what one writes the other serves within the documented bound, the comment rate limit counts requests sent to both,
/// a SIGKILLed instance loses no acknowledged comment while the other keeps serving, and Redis going away and coming
/// back never turns into a 5xx. Requests name their client by X-Forwarded-For (loopback is a trusted proxy), so each
/// test has clients of its own.
/// </summary>
public sealed class MultiInstancePostgresTests(MultiInstancePostgresTests.Instances instances, ITestOutputHelper output)
    : IClassFixture<MultiInstancePostgresTests.Instances>
{
    /// <summary>The comment rate limit of both instances: submissions per client address per 10 minutes.</summary>
    private const int PermitLimit = 5;

    /// <summary>
    /// The documented bound is 1 s from A's acknowledgement to B serving the write. The test allows 0.5 s more: on a
    /// loaded 2-core CI machine each poll of B is itself a request that can take a few hundred milliseconds.
    /// </summary>
    private static readonly TimeSpan FreshnessBound = TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(500);

    [PostgresFact]
    public async Task An_article_published_through_A_is_served_by_B_within_one_second_of_the_acknowledgement()
    {
        using var editor = instances.A.CreateClient();
        editor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", instances.AdminKey);
        using var reader = instances.B.CreateClient();
        var title = $"خبر عاجل من المثيل الأول {Guid.NewGuid().ToString("N")[..8]}";
        var created = await editor.PostAsJsonAsync("/api/v1/admin/articles", new { title, bodyHtml = "<p>نص الخبر.</p>", categoryId = instances.CategoryId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (id, slug) = (draft.GetProperty("id").GetInt32(), draft.GetProperty("slug").GetString()!);
        var articlePath = "/api/v1/articles/" + Uri.EscapeDataString(slug);

        // B has answered both before the write, so a stale cached answer is what it would serve if it missed the write.
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(articlePath)).StatusCode);
        Assert.DoesNotContain($"\"id\":{id},", await reader.GetStringAsync("/api/v1/articles"), StringComparison.Ordinal);

        var published = await editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { });
        var acknowledged = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        bool article = false, list = false;
        while (!(article && list))
        {
            article = article || (await reader.GetAsync(articlePath)).StatusCode == HttpStatusCode.OK;
            list = list || (await reader.GetStringAsync("/api/v1/articles")).Contains($"\"id\":{id},", StringComparison.Ordinal);
            Assert.True(acknowledged.Elapsed < FreshnessBound || (article && list),
                $"B served the article: {article}, the list with it: {list}, {acknowledged.ElapsedMilliseconds} ms after A acknowledged the publication");
            await Task.Delay(20);
        }

        output.WriteLine($"B served the publication {acknowledged.ElapsedMilliseconds} ms after A acknowledged it");
    }

    [PostgresFact]
    public async Task The_comment_rate_limit_counts_submissions_sent_to_either_instance()
    {
        var client = $"198.51.100.{Random.Shared.Next(1, 250)}";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < PermitLimit; i++)
        {
            statuses.Add(await PostAsync(i % 2 == 0 ? instances.A : instances.B, client, $"limit{i}-{client}@example.com"));
        }

        var refusedByA = await PostAsync(instances.A, client, $"limitA-{client}@example.com");
        var refusedByB = await PostAsync(instances.B, client, $"limitB-{client}@example.com");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedByA);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedByB);
    }

    [PostgresFact]
    public async Task SIGKILL_of_one_instance_under_comment_load_loses_no_acknowledged_comment_and_the_other_keeps_serving()
    {
        using var c = await instances.StartAsync();
        var acknowledged = new ConcurrentBag<long>();
        var fromB = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var sent = 0;

        async Task PostLoop(ServerProcess server, bool isB)
        {
            using var http = server.CreateClient();
            http.Timeout = TimeSpan.FromSeconds(10);
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = JsonContent.Create(Valid($"kill{n}@example.com", $"تعليق تحت الحمل {n}")) };
                request.Headers.Add("X-Forwarded-For", $"10.{n / 65536 % 256}.{n / 256 % 256}.{n % 256}");
                try
                {
                    using var response = await http.SendAsync(request);
                    if (isB)
                    {
                        fromB.Add(response.StatusCode);
                    }

                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
                    }
                }
                catch (Exception exception) when (!isB && exception is HttpRequestException or TaskCanceledException)
                {
                    // The killed instance: a request without an answer promised nothing.
                    await Task.Delay(20);
                }
            }
        }

        var load = new[] { PostLoop(c, false), PostLoop(c, false), PostLoop(instances.B, true), PostLoop(instances.B, true) };
        await Task.Delay(TimeSpan.FromSeconds(2));
        c.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        using var reader = instances.B.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/articles")).StatusCode);
        Assert.NotEmpty(fromB);
        Assert.All(fromB, status => Assert.Equal(HttpStatusCode.Accepted, status));
        await using var db = new NpgsqlConnection(instances.ConnectionString);
        var stored = (await db.QueryAsync<long>("SELECT id FROM comments")).ToHashSet();
        Assert.All(acknowledged, id => Assert.Contains(id, stored));
        Assert.True(acknowledged.Count >= 4, $"only {acknowledged.Count} acknowledged comments: the test checked too little");
        output.WriteLine($"{acknowledged.Count} acknowledged comments, all stored; B answered {fromB.Count} submissions, all 202");
    }

    [PostgresFact]
    public async Task Redis_stopped_and_started_while_requests_run_gives_no_5xx()
    {
        var statuses = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var sent = 0;

        async Task Loop(ServerProcess server)
        {
            using var http = server.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                var client = $"192.0.2.{n % 250}";
                var comment = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = JsonContent.Create(Valid($"redis{n}@example.com", $"تعليق {n}")) };
                comment.Headers.Add("X-Forwarded-For", client);
                var search = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=" + Uri.EscapeDataString(n % 2 == 0 ? "كوريا" : $"كوريا {n}"));
                search.Headers.Add("X-Forwarded-For", client);
                foreach (var request in new[] { comment, search })
                {
                    using var response = await http.SendAsync(request);
                    statuses.Add(response.StatusCode);
                }
            }
        }

        var load = new[] { Loop(instances.A), Loop(instances.B) };
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        instances.Redis.Stop();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        instances.Redis.StartAgain();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.True(statuses.Count >= 10, $"only {statuses.Count} requests ran");
        Assert.DoesNotContain(statuses, status => (int)status >= 500);
        output.WriteLine($"{statuses.Count} requests: {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key} × {g.Count()}"))}");
    }

    private static async Task<HttpStatusCode> PostAsync(ServerProcess server, string client, string email)
    {
        using var http = server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, SeedCommentsPath) { Content = JsonContent.Create(Valid(email)) };
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The database, the Redis, instances A and B, and an admin key, shared by the class's tests.</summary>
    public sealed class Instances : IAsyncLifetime
    {
        private RedisServer? _redis;
        private ServerProcess? _a;
        private ServerProcess? _b;

        public string ConnectionString { get; private set; } = "";

        public RedisServer Redis => _redis!;

        public ServerProcess A => _a!;

        public ServerProcess B => _b!;

        public string AdminKey { get; private set; } = "";

        public int CategoryId { get; private set; }

        public async Task InitializeAsync()
        {
            if (PostgresServer.AdminConnectionString is null)
            {
                if (PostgresServer.InCi)
                {
                    throw new InvalidOperationException($"CI=true but {PostgresServer.Variable} is not set: the multi-instance test must run in CI.");
                }

                return; // every test here is a [PostgresFact], skipped with the reason
            }

            ConnectionString = PostgresServer.CreateDatabase();
            _redis = new RedisServer();
            // Started together: both migrate the same empty database at once, as a rolling start does.
            var starting = new[] { StartAsync(), StartAsync() };
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                _a = starting[0].IsCompletedSuccessfully ? starting[0].Result : null;
                _b = starting[1].IsCompletedSuccessfully ? starting[1].Result : null;
            }

            AdminKey = await CreateKeyAsync();
            await using var db = new NpgsqlConnection(ConnectionString);
            CategoryId = await db.ExecuteScalarAsync<int>("SELECT id FROM categories WHERE slug = @Slug", new { Slug = SeedArticle.CategorySlug });
        }

        /// <summary>One more instance on the same database and Redis.</summary>
        public Task<ServerProcess> StartAsync() =>
            ServerProcess.StartAsync("unused.db", new Dictionary<string, string>
            {
                ["NewsApi__Database__Provider"] = "Postgres",
                ["ConnectionStrings__News"] = ConnectionString,
                ["ConnectionStrings__Redis"] = _redis!.ConnectionString,
                ["NewsApi__Comments__RateLimit__PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["NewsApi__Comments__RateLimit__WindowSeconds"] = "600",
                ["NewsApi__Comments__FloodIntervalSeconds"] = "0",
                // Searches at once are capped per instance with 503; the tests here are about the shared limits.
                ["NewsApi__Search__MaxConcurrentSearches"] = "0",
            });

        public Task DisposeAsync()
        {
            _a?.Dispose();
            _b?.Dispose();
            _redis?.Dispose();
            if (ConnectionString.Length > 0)
            {
                PostgresServer.DropDatabase(ConnectionString);
            }

            return Task.CompletedTask;
        }

        // The CLI as an operator runs it: `keys create` prints the key alone on its last line.
        private async Task<string> CreateKeyAsync()
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "NewsApi.dll"), "keys", "create", "--name", "multi-instance", "--scopes", "content:write,comments:moderate" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["NewsApi__Database__Provider"] = "Postgres";
            start.Environment["ConnectionStrings__News"] = ConnectionString;
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var printed = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(process.ExitCode == 0, $"keys create failed: {await error}");
            return printed.TrimEnd().Split('\n')[^1].Trim();
        }
    }
}
