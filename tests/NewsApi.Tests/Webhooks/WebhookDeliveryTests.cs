using System.Net;
using System.Net.Http.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Webhooks;

/// <summary>
/// Deliveries from the real app (on the engine under test) to a real Kestrel receiver on loopback, checked with the
/// README's own verification code: signatures, payloads, order, retries after a 500 and after a timeout, disabling,
/// scheduled publication announced by the worker with no request, and what a delivery refuses to do (redirects,
/// private addresses when they are not allowed).
/// </summary>
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task A_published_article_is_delivered_signed_per_Standard_Webhooks_with_its_id_slug_and_public_url()
    {
        await using var kit = await WebhookTestKit.StartAsync();
        var (subscription, secret) = await kit.SubscribeAsync();

        var id = await kit.Newsroom.PublishAsync("وزير الدفاع الروسى يزور بيونغ يانغ", SeedArticle.CategorySlug);
        var slug = kit.Newsroom.ArticleSlug(id);

        var got = (await kit.Receiver.WaitForAsync(1)).Single();
        Assert.True(ReadmeSignatureCheck.IsFromNewsApi(secret, got.Id, got.Timestamp, got.Signature, got.Body), $"signature {got.Signature} of {got.Body}");
        // The check can fail: another body, id or secret does not verify.
        Assert.False(ReadmeSignatureCheck.IsFromNewsApi(secret, got.Id, got.Timestamp, got.Signature, got.Body.Replace("published", "deleted", StringComparison.Ordinal)));
        Assert.False(ReadmeSignatureCheck.IsFromNewsApi(secret, "msg_other", got.Timestamp, got.Signature, got.Body));
        Assert.False(ReadmeSignatureCheck.IsFromNewsApi(NewsApi.Webhooks.WebhookSignature.NewSecret(), got.Id, got.Timestamp, got.Signature, got.Body));
        Assert.Matches("^msg_[0-9a-f]{32}$", got.Id);
        // The time of the attempt by the application's clock (the test's, which stands still).
        Assert.Equal(kit.Factory.Clock.Now.ToUnixTimeSeconds(), long.Parse(got.Timestamp, System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("application/json", got.ContentType, StringComparison.Ordinal);

        Assert.Equal("article.published", got.Type);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", got.Json.GetProperty("timestamp").GetString());
        Assert.Equal(id, got.Data.GetProperty("id").GetInt32());
        Assert.Equal(slug, got.Data.GetProperty("slug").GetString());
        Assert.Equal($"{WebhookTestKit.PublicBaseUrl}/api/v1/articles/{Uri.EscapeDataString(slug)}", got.Data.GetProperty("url").GetString());
        Assert.Contains(slug, got.Body, StringComparison.Ordinal); // Arabic as is, not \u-escaped

        await Eventually.HoldsAsync(async () => (await kit.DeliveriesAsync(subscription)).FirstOrDefault().ValueKind != System.Text.Json.JsonValueKind.Undefined
            && (await kit.DeliveriesAsync(subscription))[0].GetProperty("status").GetString() == "delivered", "the delivery recorded as delivered");
        var delivery = (await kit.DeliveriesAsync(subscription)).Single();
        Assert.Equal(got.Id, delivery.GetProperty("messageId").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(204, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
    }

    [Fact]
    public async Task A_subscription_receives_its_events_in_the_order_they_happened_and_only_the_types_it_asked_for()
    {
        await using var kit = await WebhookTestKit.StartAsync();
        var (all, secret) = await kit.SubscribeAsync();
        var (onlyPublished, _) = await kit.SubscribeAsync(["article.published"], "/published-only");

        var draft = await kit.Newsroom.DraftAsync("خبر يمر بكل الحالات", SeedArticle.CategorySlug, ["كوريا"]);
        await kit.Newsroom.Editor.PostAsJsonAsync($"/api/v1/admin/articles/{draft}/publish", new { });
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{draft}")
        {
            Content = JsonContent.Create(new { title = "خبر يمر بكل الحالات بعد التعديل", bodyHtml = "<p>نص معدل.</p>", categoryId = kit.Newsroom.CategoryId(SeedArticle.CategorySlug), tags = new[] { "كوريا", "وسم جديد للإشعارات" } }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "*");
        (await kit.Newsroom.Editor.SendAsync(put)).EnsureSuccessStatusCode();
        await kit.Newsroom.UnpublishAsync(draft);
        await kit.Newsroom.Editor.PostAsJsonAsync($"/api/v1/admin/articles/{draft}/publish", new { });
        (await kit.Newsroom.Editor.DeleteAsync($"/api/v1/admin/articles/{draft}")).EnsureSuccessStatusCode();

        // The draft's new tag was created with it, before it was published; the edit wrote the article, then its new tag.
        var expected = new[] { "taxonomy.changed", "article.published", "article.updated", "taxonomy.changed", "article.unpublished", "article.published", "article.deleted" };
        var received = await kit.Receiver.WaitForAsync(expected.Length);
        Assert.Equal(expected, received.Select(r => r.Type));
        Assert.All(received, r => Assert.True(ReadmeSignatureCheck.IsFromNewsApi(secret, r.Id, r.Timestamp, r.Signature, r.Body)));
        Assert.All(received.Where(r => r.Type.StartsWith("article.", StringComparison.Ordinal)), r => Assert.Equal(draft, r.Data.GetProperty("id").GetInt32()));
        Assert.Equal(received.Count, received.Select(r => r.Id).Distinct().Count());
        Assert.Equal(["tag", "tag"], received.Where(r => r.Type == "taxonomy.changed").Select(r => r.Data.GetProperty("kind").GetString()));

        var published = await kit.Receiver.WaitForAsync(2, "/published-only");
        Assert.All(published, r => Assert.Equal("article.published", r.Type));
        await Task.Delay(300);
        Assert.Equal(2, kit.Receiver.At("/published-only").Count);
        Assert.Equal(expected.Length, kit.Receiver.At("/hook").Count);
        Assert.Equal(2, (await kit.DeliveriesAsync(onlyPublished)).Length);
        Assert.Equal(expected.Length, (await kit.DeliveriesAsync(all)).Length);
    }

    [Fact]
    public async Task A_delivery_answered_500_is_retried_after_the_scheduled_wait_with_the_same_webhook_id()
    {
        await using var kit = await WebhookTestKit.StartAsync(("RetrySchedule:0", "00:00:05"), ("RetrySchedule:1", "00:01:00"));
        var (subscription, secret) = await kit.SubscribeAsync();
        kit.Receiver.Respond = (_, n, _) => Task.FromResult(n == 1 ? 500 : 200);

        await kit.Newsroom.PublishAsync("خبر يفشل أول مرة", SeedArticle.CategorySlug);
        await kit.Receiver.WaitForAsync(1);
        await Eventually.HoldsAsync(() => Task.FromResult(kit.Attempts(subscription) == 1), "the failed attempt recorded");
        var pending = (await kit.DeliveriesAsync(subscription)).Single();
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(500, pending.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(kit.Factory.Clock.Now.AddSeconds(5).UtcDateTime, pending.GetProperty("nextAttemptAt").GetDateTime(), TimeSpan.FromSeconds(1));

        // Not before its time: the worker keeps polling, the clock stands still.
        await Task.Delay(500);
        Assert.Single(kit.Receiver.At("/hook"));

        kit.Factory.Clock.Now += TimeSpan.FromSeconds(6);
        var received = await kit.Receiver.WaitForAsync(2);
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.True(ReadmeSignatureCheck.IsFromNewsApi(secret, received[1].Id, received[1].Timestamp, received[1].Signature, received[1].Body));
        await Eventually.HoldsAsync(async () => (await kit.DeliveriesAsync(subscription)).Single().GetProperty("status").GetString() == "delivered", "delivered on retry");
        Assert.Equal(2, (await kit.DeliveriesAsync(subscription)).Single().GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_within_the_timeout_gets_the_delivery_again()
    {
        await using var kit = await WebhookTestKit.StartAsync(("TimeoutSeconds", "0.5"), ("RetrySchedule:0", "00:00:05"));
        var (subscription, _) = await kit.SubscribeAsync();
        kit.Receiver.Respond = async (_, n, cancel) =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancel);
            }

            return 200;
        };

        await kit.Newsroom.PublishAsync("خبر يتأخر مستقبله", SeedArticle.CategorySlug);
        await Eventually.HoldsAsync(() => Task.FromResult(kit.Attempts(subscription) == 1), "the timed-out attempt recorded");
        var failed = (await kit.DeliveriesAsync(subscription)).Single();
        Assert.Equal("pending", failed.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, failed.GetProperty("lastStatusCode").ValueKind);
        Assert.Contains("0.5 s", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.InRange(failed.GetProperty("lastDurationMs").GetInt32(), 400, 4000);

        kit.Factory.Clock.Now += TimeSpan.FromSeconds(6);
        var received = await kit.Receiver.WaitForAsync(2);
        Assert.Equal(received[0].Id, received[1].Id);
        await Eventually.HoldsAsync(async () => (await kit.DeliveriesAsync(subscription)).Single().GetProperty("status").GetString() == "delivered", "delivered on retry");
    }

    [Fact]
    public async Task A_subscription_whose_deliveries_exhaust_the_schedule_N_times_in_a_row_is_disabled_and_says_why()
    {
        await using var kit = await WebhookTestKit.StartAsync(
            ("RetrySchedule:0", "00:00:01"), ("RetrySchedule:1", "00:00:02"), ("DisableAfterExhausted", "2"));
        var (subscription, _) = await kit.SubscribeAsync(["article.published"]);
        kit.Receiver.Respond = (_, _, _) => Task.FromResult(503);

        await kit.Newsroom.PublishAsync("خبر أول لا يصل", SeedArticle.CategorySlug);
        await kit.Newsroom.PublishAsync("خبر ثان لا يصل", SeedArticle.CategorySlug);

        await Eventually.HoldsAsync(
            async () => !(await kit.SubscriptionAsync(subscription)).GetProperty("enabled").GetBoolean(),
            "the subscription disabled", meanwhile: () =>
            {
                kit.Factory.Clock.Now += TimeSpan.FromSeconds(3);
                return Task.CompletedTask;
            });

        var disabled = await kit.SubscriptionAsync(subscription);
        Assert.Equal("exhausted", disabled.GetProperty("disabledReason").GetString());
        Assert.Equal(2, disabled.GetProperty("exhaustedInARow").GetInt32());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, disabled.GetProperty("disabledAt").ValueKind);
        var deliveries = await kit.DeliveriesAsync(subscription);
        Assert.All(deliveries, d => Assert.Equal("failed", d.GetProperty("status").GetString()));
        Assert.All(deliveries, d => Assert.Equal(3, d.GetProperty("attempts").GetInt32())); // once, then once per wait
        Assert.Equal(6, kit.Receiver.At("/hook").Count);

        // Disabled: a new event is not queued for it, and nothing more is sent.
        await kit.Newsroom.PublishAsync("خبر بعد التعطيل", SeedArticle.CategorySlug);
        kit.Factory.Clock.Now += TimeSpan.FromMinutes(1);
        await Task.Delay(300);
        Assert.Equal(6, kit.Receiver.At("/hook").Count);
        Assert.Equal(2, (await kit.DeliveriesAsync(subscription)).Length);

        // Enabled again: the count starts over, and a success keeps it at zero.
        kit.Receiver.Respond = (_, _, _) => Task.FromResult(200);
        var enabled = await (await kit.Admin.PatchAsJsonAsync($"/api/v1/admin/webhooks/{subscription}", new { enabled = true })).JsonAsync();
        Assert.Equal(0, enabled.GetProperty("exhaustedInARow").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, enabled.GetProperty("disabledReason").ValueKind);
    }

    [Fact]
    public async Task A_scheduled_article_is_announced_when_its_time_comes_by_the_worker_with_no_request()
    {
        await using var kit = await WebhookTestKit.StartAsync();
        await kit.SubscribeAsync(["article.published"]);
        var id = await kit.Newsroom.PublishAsync("خبر مجدول للغد", SeedArticle.CategorySlug, at: kit.Factory.Clock.Now.AddHours(2));

        await Task.Delay(500);
        Assert.Empty(kit.Receiver.Received); // scheduled is not published yet

        kit.Factory.Clock.Now += TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1);
        // No request to the app from here on: only the worker's tick can publish it.
        var got = (await kit.Receiver.WaitForAsync(1)).Single();
        Assert.Equal("article.published", got.Type);
        Assert.Equal(id, got.Data.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task An_approved_comment_is_announced_with_its_id_and_its_article_never_the_commenters_email()
    {
        await using var kit = await WebhookTestKit.StartAsync();
        await kit.SubscribeAsync(["comment.approved"]);
        using var reader = kit.Factory.CreateClient();
        var submitted = await (await reader.PostAsJsonAsync(Comments.CommentTestData.SeedCommentsPath,
            Comments.CommentTestData.Valid("secret.reader@example.com", "تعليق ينتظر الموافقة"))).JsonAsync(HttpStatusCode.Accepted);
        var commentId = submitted.GetProperty("id").GetInt32();
        await Task.Delay(300);
        Assert.Empty(kit.Receiver.Received); // pending is not approved

        using var moderator = kit.Factory.CreateClientWithKey(NewsApi.Admin.ApiKeyStore.CommentsModerate);
        (await moderator.PatchAsJsonAsync($"/api/v1/admin/comments/{commentId}", new { status = "approved" })).EnsureSuccessStatusCode();

        var got = (await kit.Receiver.WaitForAsync(1)).Single();
        Assert.Equal("comment.approved", got.Type);
        Assert.Equal(commentId, got.Data.GetProperty("id").GetInt32());
        Assert.Equal(kit.Newsroom.ArticleId(SeedArticle.Slug), got.Data.GetProperty("articleId").GetInt32());
        Assert.Equal($"{WebhookTestKit.PublicBaseUrl}/api/v1/articles/{SeedArticle.EncodedSlug}", got.Data.GetProperty("url").GetString());
        Assert.DoesNotContain("secret.reader", got.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", got.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ping_is_sent_on_request_and_a_delivered_delivery_can_be_sent_again_with_the_same_id()
    {
        await using var kit = await WebhookTestKit.StartAsync();
        var (subscription, secret) = await kit.SubscribeAsync(["article.deleted"]);

        var queued = await (await kit.Admin.PostAsync($"/api/v1/admin/webhooks/{subscription}/test", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("ping", queued.GetProperty("type").GetString());
        var ping = (await kit.Receiver.WaitForAsync(1)).Single();
        Assert.Equal("ping", ping.Type);
        Assert.Equal(queued.GetProperty("messageId").GetString(), ping.Id);
        Assert.True(ReadmeSignatureCheck.IsFromNewsApi(secret, ping.Id, ping.Timestamp, ping.Signature, ping.Body));

        await Eventually.HoldsAsync(async () => (await kit.DeliveriesAsync(subscription)).Single().GetProperty("status").GetString() == "delivered", "ping delivered");
        var retried = await (await kit.Admin.PostAsync(
            $"/api/v1/admin/webhooks/{subscription}/deliveries/{queued.GetProperty("id").GetInt64()}/retry", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending", retried.GetProperty("status").GetString());
        var again = await kit.Receiver.WaitForAsync(2);
        Assert.Equal(ping.Id, again[1].Id);

        await (await kit.Admin.PostAsync($"/api/v1/admin/webhooks/{subscription}/deliveries/999999/retry", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await kit.Admin.PostAsync("/api/v1/admin/webhooks/999999/test", null)).ProblemAsync(HttpStatusCode.NotFound);
        await kit.Admin.PatchAsJsonAsync($"/api/v1/admin/webhooks/{subscription}", new { enabled = false });
        await (await kit.Admin.PostAsync($"/api/v1/admin/webhooks/{subscription}/test", null)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_but_counted_as_a_failed_attempt()
    {
        await using var kit = await WebhookTestKit.StartAsync();
        var (subscription, _) = await kit.SubscribeAsync(["article.published"]);
        kit.Receiver.Respond = (_, _, _) => Task.FromResult(307);

        await kit.Newsroom.PublishAsync("خبر يحول مستقبله", SeedArticle.CategorySlug);
        await kit.Receiver.WaitForAsync(1);
        await Eventually.HoldsAsync(() => Task.FromResult(kit.Attempts(subscription) == 1), "the redirected attempt recorded");
        var delivery = (await kit.DeliveriesAsync(subscription)).Single();
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        Assert.Equal(307, delivery.GetProperty("lastStatusCode").GetInt32());
        await Task.Delay(300);
        Assert.Empty(kit.Receiver.At("/redirected"));
    }

    [Fact]
    public async Task A_delivery_to_a_loopback_address_is_refused_at_connection_when_private_networks_are_not_allowed()
    {
        // The subscription is written as if its name had resolved to a public address when it was created (DNS
        // rebinding): only the check on the address connected to stands between the delivery and loopback.
        await using var kit = await WebhookTestKit.StartAsync(("AllowPrivateNetworks", "false"));
        int subscription;
        using (var db = kit.Factory.OpenDatabase())
        {
            subscription = db.ExecuteScalar<int>("""
                INSERT INTO webhook_subscriptions (url, events, secret, enabled, created_at, updated_at)
                VALUES (@Url, @Events, @Secret, @Enabled, @Now, @Now) RETURNING id
                """, new
            {
                Url = kit.Receiver.Url().Replace("127.0.0.1", "localhost", StringComparison.Ordinal),
                Events = NewsApi.Data.SqlDialect.Json("""["article.published"]"""),
                Secret = NewsApi.Webhooks.WebhookSignature.NewSecret(),
                Enabled = true,
                Now = DateTime.UtcNow,
            });
        }

        await kit.Newsroom.PublishAsync("خبر لا يجوز إرساله إلى الداخل", SeedArticle.CategorySlug);
        await Eventually.HoldsAsync(() => Task.FromResult(kit.Attempts(subscription) == 1), "the refused attempt recorded");
        var delivery = (await kit.DeliveriesAsync(subscription)).Single();
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        Assert.Contains("may not reach", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(kit.Receiver.Received);
    }
}
