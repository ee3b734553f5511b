using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Comments;
using NewsApi.Http;
using NewsApi.Observability;
using NewsApi.Tests.Infrastructure;
using StackExchange.Redis;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Http;

/// <summary>
/// With <c>ConnectionStrings:Redis</c>, two app hosts on one database and one real Redis count the comment rate limit,
/// flood control and the search limit together; Redis stopped, they let requests through (no 5xx) and count it on
/// <c>newsapi.ratelimit.failopen</c>; Redis started again, they count again. TestServer requests have no address, so
/// both hosts' clients are the same client, as one client behind a load balancer is.
/// </summary>
public sealed class SharedLimitsTests
{
    [RedisFact]
    public async Task The_comment_rate_limit_counts_submissions_sent_to_either_instance()
    {
        var (a, b) = TwoInstances(Patient(TestRedis.Required), ("NewsApi:Comments:RateLimit:PermitLimit", "3"), ("NewsApi:Comments:FloodIntervalSeconds", "0"));
        using (a)
        using (b)
        {
            var (toA, toB) = (a.CreateClient(), b.CreateClient());
            Assert.Equal(HttpStatusCode.Accepted, (await toA.PostCommentAsync(SeedCommentsPath, Valid("shared1@example.com"))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await toB.PostCommentAsync(SeedCommentsPath, Valid("shared2@example.com"))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await toA.PostCommentAsync(SeedCommentsPath, Valid("shared3@example.com"))).StatusCode);

            var refusedByB = await toB.PostCommentAsync(SeedCommentsPath, Valid("shared4@example.com"));
            var refusedByA = await toA.PostCommentAsync(SeedCommentsPath, Valid("shared5@example.com"));

            await refusedByB.ProblemAsync(HttpStatusCode.TooManyRequests);
            await refusedByA.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.InRange(refusedByB.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));
            Assert.Equal(0, a.CountComments("shared4@example.com"));
        }
    }

    [RedisFact]
    public async Task The_search_limit_counts_searches_sent_to_either_instance()
    {
        var (a, b) = TwoInstances(Patient(TestRedis.Required), ("NewsApi:Search:RateLimit:PermitLimit", "2"), ("NewsApi:Search:RateLimit:WindowSeconds", "3600"));
        using (a)
        using (b)
        {
            var (toA, toB) = (a.CreateClient(), b.CreateClient());
            Assert.Equal(HttpStatusCode.OK, (await toA.GetAsync(Search("كوريا"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await toB.GetAsync(Search("الدفاع"))).StatusCode);

            await (await toA.GetAsync(Search("بيلوسوف"))).ProblemAsync(HttpStatusCode.TooManyRequests);
            await (await toB.GetAsync(Search("زيارة"))).ProblemAsync(HttpStatusCode.TooManyRequests);
        }
    }

    [RedisFact]
    public async Task Flood_control_counts_across_instances_and_Redis_holds_no_email_or_address_in_clear()
    {
        var (a, b) = TwoInstances(Patient(TestRedis.Required), ("NewsApi:Comments:RateLimit:PermitLimit", "0"), ("NewsApi:Comments:FloodIntervalSeconds", "15"));
        var email = $"flood-{Guid.NewGuid():N}@example.com";
        using (a)
        using (b)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await a.CreateClient().PostCommentAsync(SeedCommentsPath, Valid(email, "الأول"))).StatusCode);

            var tooSoon = await b.CreateClient().PostCommentAsync(SeedCommentsPath, Valid(email, "الثاني"));
            var someoneElse = await b.CreateClient().PostCommentAsync(SeedCommentsPath, Valid("calm-" + email, "الثاني"));

            await tooSoon.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.InRange(tooSoon.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
            Assert.Equal(HttpStatusCode.Accepted, someoneElse.StatusCode);

            using var redis = await ConnectionMultiplexer.ConnectAsync(TestRedis.Required);
            var server = redis.GetServers()[0];
            var keys = server.Keys(pattern: "newsapi:*").ToList();
            Assert.Contains(keys, key => key.ToString().StartsWith("newsapi:flood:", StringComparison.Ordinal));
            foreach (var key in keys)
            {
                Assert.DoesNotContain("example.com", key.ToString(), StringComparison.Ordinal);
                var value = (string?)await redis.GetDatabase().StringGetAsync(key);
                Assert.DoesNotContain("example.com", value ?? "", StringComparison.Ordinal);
                Assert.True(await redis.GetDatabase().KeyTimeToLiveAsync(key) is { } ttl && ttl <= TimeSpan.FromHours(1), $"{key} does not expire with its window");
            }
        }
    }

    [RedisFact]
    public void A_flood_pass_belongs_to_its_submission_on_every_instance_and_is_given_back_when_withdrawn()
    {
        var (a, b) = TwoInstances(TestRedis.Required, ("NewsApi:Comments:FloodIntervalSeconds", "15"));
        using (a)
        using (b)
        {
            var (gateA, gateB) = (a.Services.GetRequiredService<CommentFloodGate>(), b.Services.GetRequiredService<CommentFloodGate>());
            Assert.IsType<RedisCommentFloodGate>(gateA);
            const string email = "pass@example.com", address = "203.0.113.9";
            var now = DateTimeOffset.UtcNow;

            Assert.Null(gateA.TryPass(email, address, now, "first"));
            Assert.NotNull(gateB.TryPass(email, address, now, "second"));
            Assert.Null(gateB.TryPass(email, address, now, "first")); // the same submission retried, here on B
            gateA.Withdraw(email, address, "second"); // not its pass: nothing is given back
            Assert.NotNull(gateA.TryPass(email, address, now, "second"));
            gateB.Withdraw(email, address, "first"); // its transaction failed: the pair may submit at once
            Assert.Null(gateA.TryPass(email, address, now, "second"));
        }
    }

    [RedisFact]
    public async Task With_Redis_stopped_comments_and_searches_are_answered_and_counted_as_fail_open_and_limits_count_again_once_it_is_back()
    {
        using var redis = new RedisServer();
        // Patient: the checks before the stop must count (a cold connection timing out at 250 ms on a loaded machine
        // failed open); once Redis is stopped a check fails at once, connection refused, whatever the timeouts.
        using var factory = new NewsApiFactory()
            .With("ConnectionStrings:Redis", Patient(redis.ConnectionString))
            .With("NewsApi:Comments:RateLimit:PermitLimit", "2")
            .With("NewsApi:Comments:FloodIntervalSeconds", "15")
            .With("NewsApi:Search:RateLimit:PermitLimit", "1")
            .With("NewsApi:Search:RateLimit:WindowSeconds", "3600");
        var client = factory.CreateClient();
        var failOpen = 0L;
        using var listener = FailOpenListener(factory, value => Interlocked.Add(ref failOpen, value));
        var sent = 0;
        Task<HttpResponseMessage> Post(string? email = null) =>
            client.PostCommentAsync(SeedCommentsPath, Valid(email ?? $"down{Interlocked.Increment(ref sent)}@example.com", $"تعليق رقم {sent}"));

        Assert.Equal(HttpStatusCode.Accepted, (await Post()).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Post()).StatusCode);
        await (await Post()).ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(0, Interlocked.Read(ref failOpen));

        redis.Stop();
        var whileDown = new List<HttpResponseMessage>
        {
            await Post(), await Post(), await Post("same@example.com"), await Post("same@example.com"),
            await client.GetAsync(Search("كوريا")), await client.GetAsync(Search("الدفاع")),
        };

        Assert.All(whileDown[..4], response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        Assert.All(whileDown[4..], response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.True(Interlocked.Read(ref failOpen) >= 6, $"failopen counted {failOpen}");

        redis.StartAgain();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await Post();
            Assert.True((int)response.StatusCode < 500, $"{response.StatusCode} after Redis came back");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                break; // counted in Redis again: the empty Redis's window filled up
            }

            Assert.True(DateTime.UtcNow < deadline, "the limit did not count again within 30 s of Redis starting");
            await Task.Delay(200);
        }
    }

    private static string Search(string words) => "/api/v1/search?q=" + Uri.EscapeDataString(words);

    /// <summary>
    /// Redis timeouts of seconds for the tests that count: with the default 250 ms, a check on a loaded machine can time
    /// out and fail open (as it must in service), letting through a request the test expects refused.
    /// </summary>
    private static string Patient(string redis) => redis + ",syncTimeout=5000,asyncTimeout=5000,connectTimeout=5000";

    /// <summary>Two hosts of the app on one database (A's, migrated first) and one Redis, configured alike.</summary>
    private static (NewsApiFactory A, NewsApiFactory B) TwoInstances(string redis, params (string Key, string Value)[] settings)
    {
        var a = new NewsApiFactory().With("ConnectionStrings:Redis", redis);
        var b = new NewsApiFactory().With("ConnectionStrings:Redis", redis).With("ConnectionStrings:News", a.ConnectionString);
        foreach (var (key, value) in settings)
        {
            a.With(key, value);
            b.With(key, value);
        }

        _ = a.Server;
        return (a, b);
    }

    /// <summary>Listens to this host's <c>newsapi.ratelimit.failopen</c> only (its meter's scope is the host's meter factory).</summary>
    private static MeterListener FailOpenListener(NewsApiFactory factory, Action<long> counted)
    {
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, self) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == NewsApiMetrics.LimitFailOpenInstrument)
                {
                    self.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => counted(value));
        listener.Start();
        return listener;
    }
}
