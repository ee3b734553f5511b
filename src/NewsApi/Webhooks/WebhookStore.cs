using System.Text.Json;
using Dapper;
using NewsApi.Data;
using NewsApi.Http;

namespace NewsApi.Webhooks;

/// <summary>The outcome of queuing a ping.</summary>
public enum PingOutcome
{
    Queued,
    NotFound,
    Disabled,
}

/// <summary>A delivery a worker has claimed: everything it needs to send it.</summary>
public sealed record ClaimedDelivery(long Id, int SubscriptionId, string Url, string Secret, string MessageId, string Type, string Data, DateTime OccurredAt, int RoundAttempts);

/// <summary>What one attempt came to.</summary>
public sealed record AttemptResult(bool Delivered, int? StatusCode, int DurationMs, string? Error);

/// <summary>What recording a failed attempt decided.</summary>
public enum FailureOutcome
{
    /// <summary>Another attempt is scheduled.</summary>
    Retrying,

    /// <summary>The schedule is exhausted: the delivery failed.</summary>
    Exhausted,

    /// <summary>Exhausted, and the subscription has now exhausted it too often in a row: disabled.</summary>
    Disabled,
}

/// <summary>
/// Subscriptions, and the deliveries the triggers of migration 0012 (postgres 0008) queue for them. The worker claims
/// the oldest pending delivery of each enabled subscription at a time (so each subscription gets its events in order),
/// sends it outside any transaction, and records what came of it.
/// </summary>
public sealed class WebhookStore(Database database, TimeProvider clock)
{
    private const string SubscriptionColumns = """
        s.id AS Id, s.url AS Url, s.description AS Description, s.events AS Events, s.enabled AS Enabled,
        s.exhausted_in_a_row AS ExhaustedInARow, s.disabled_at AS DisabledAt, s.disabled_reason AS DisabledReason,
        s.created_at AS CreatedAt, s.updated_at AS UpdatedAt
        """;

    private const string DeliveryColumns = """
        d.id AS Id, e.message_id AS MessageId, e.type AS Type, d.status AS Status, d.attempts AS Attempts,
        d.last_attempt_at AS LastAttemptAt, d.last_status_code AS LastStatusCode, d.last_duration_ms AS LastDurationMs,
        d.last_error AS LastError, d.next_attempt_at_ms AS NextAttemptAtMs, d.delivered_at AS DeliveredAt, e.occurred_at AS CreatedAt
        """;

    private DateTime Now => Timestamps.ToDb(clock.GetUtcNow());

    public CreatedWebhookSubscription Create(string url, IReadOnlyList<string> events, string? description)
    {
        var secret = WebhookSignature.NewSecret();
        var now = Now;
        var stored = Distinct(events);
        const string sql = """
            INSERT INTO webhook_subscriptions (url, description, events, secret, enabled, created_at, updated_at)
            VALUES (@Url, @Description, @Events, @Secret, @Enabled, @Now, @Now)
            RETURNING id
            """;
        var id = database.Write(write => write.Connection.ExecuteScalar<int>(sql, new
        {
            Url = url,
            Description = description,
            Events = SqlDialect.Json(JsonArray(stored)),
            Secret = secret,
            Enabled = true,
            Now = now,
        }, write.Transaction));
        return new CreatedWebhookSubscription(id, url, description, stored, true, now, secret);
    }

    public IReadOnlyList<WebhookSubscription> List()
    {
        using var connection = database.Open();
        return connection.Query<SubscriptionRow>($"SELECT {SubscriptionColumns} FROM webhook_subscriptions s ORDER BY s.id")
            .Select(row => row.ToSubscription()).ToList();
    }

    public WebhookSubscription? Get(int id)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<SubscriptionRow>(
            $"SELECT {SubscriptionColumns} FROM webhook_subscriptions s WHERE s.id = @Id", new { Id = id })?.ToSubscription();
    }

    /// <returns>The subscription as changed, or null when there is none with that id.</returns>
    public WebhookSubscription? Update(int id, WebhookUpdateRequest change)
    {
        var now = Now;
        const string sql = """
            UPDATE webhook_subscriptions SET
                url = coalesce(@Url, url),
                description = CASE WHEN @SetDescription THEN @Description ELSE description END,
                events = CASE WHEN @SetEvents THEN @Events ELSE events END,
                exhausted_in_a_row = CASE WHEN @Enable THEN 0 ELSE exhausted_in_a_row END,
                disabled_at = CASE WHEN @Enable THEN NULL WHEN @Disable AND enabled THEN @Now ELSE disabled_at END,
                disabled_reason = CASE WHEN @Enable THEN NULL WHEN @Disable AND enabled THEN 'manual' ELSE disabled_reason END,
                enabled = CASE WHEN @Enable THEN @True WHEN @Disable THEN @False ELSE enabled END,
                updated_at = @Now
            WHERE id = @Id
            """;
        var events = change.Events is { } list ? JsonArray(Distinct(list)) : "[]";
        var changed = database.Write(write => write.Connection.Execute(sql, new
        {
            Id = id,
            change.Url,
            SetDescription = change.Description is not null,
            change.Description,
            SetEvents = change.Events is not null,
            Events = SqlDialect.Json(events),
            Enable = change.Enabled == true,
            Disable = change.Enabled == false,
            True = true,
            False = false,
            Now = now,
        }, write.Transaction));
        return changed == 0 ? null : Get(id);
    }

    public bool Delete(int id) => database.ExecuteWrite("DELETE FROM webhook_subscriptions WHERE id = @Id", new { Id = id }) == 1;

    /// <returns>A page of the subscription's deliveries, newest first, or null when there is no such subscription.</returns>
    public (IReadOnlyList<WebhookDelivery> Items, int Total)? Deliveries(int id, PageRequest page)
    {
        using var connection = database.Open();
        if (connection.ExecuteScalar<int?>("SELECT id FROM webhook_subscriptions WHERE id = @Id", new { Id = id }) is null)
        {
            return null;
        }

        var total = connection.ExecuteScalar<int>("SELECT count(*) FROM webhook_deliveries WHERE subscription_id = @Id", new { Id = id });
        var items = connection.Query<DeliveryRow>($"""
            SELECT {DeliveryColumns}
            FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
            WHERE d.subscription_id = @Id
            ORDER BY d.id DESC
            LIMIT @Limit OFFSET @Offset
            """, new { Id = id, Limit = page.PageSize, page.Offset }).Select(row => row.ToDelivery()).ToList();
        return (items, total);
    }

    public WebhookDelivery? Delivery(int subscriptionId, long deliveryId)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<DeliveryRow>($"""
            SELECT {DeliveryColumns}
            FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
            WHERE d.id = @DeliveryId AND d.subscription_id = @SubscriptionId
            """, new { SubscriptionId = subscriptionId, DeliveryId = deliveryId })?.ToDelivery();
    }

    /// <summary>
    /// Queues a delivery again now, with the whole retry schedule ahead of it (whatever its status: a receiver that lost
    /// a delivered event can have it again, with the same webhook-id). A delivery being sent right now keeps its claim.
    /// </summary>
    public WebhookDelivery? Retry(int subscriptionId, long deliveryId)
    {
        const string sql = """
            UPDATE webhook_deliveries SET status = 'pending', round_attempts = 0, next_attempt_at_ms = @NowMs
            WHERE id = @DeliveryId AND subscription_id = @SubscriptionId
            """;
        var changed = database.ExecuteWrite(sql, new { SubscriptionId = subscriptionId, DeliveryId = deliveryId, NowMs = clock.GetUtcNow().ToUnixTimeMilliseconds() });
        return changed == 0 ? null : Delivery(subscriptionId, deliveryId);
    }

    /// <summary>Queues a <c>ping</c> event for this one subscription (behind its pending deliveries).</summary>
    public (PingOutcome Outcome, WebhookDelivery? Delivery) Ping(int id)
    {
        var now = Now;
        var queued = database.Write<(PingOutcome, long?)>(write =>
        {
            var engine = SqlDialect.EngineOf(write.Connection);
            var enabled = write.Connection.ExecuteScalar<bool?>(
                "SELECT enabled FROM webhook_subscriptions WHERE id = @Id" + engine.ForUpdate(), new { Id = id }, write.Transaction);
            if (enabled is not { } isEnabled)
            {
                return (PingOutcome.NotFound, null);
            }

            if (!isEnabled)
            {
                return (PingOutcome.Disabled, null);
            }

            // As webhook_emit does on PostgreSQL: events are numbered under the content_state lock, in commit order.
            write.Connection.Execute("SELECT id FROM content_state WHERE id = 1" + engine.ForUpdate(), transaction: write.Transaction);
            var eventId = write.Connection.ExecuteScalar<long>(
                "INSERT INTO webhook_events (type, data, subscription_id, occurred_at) VALUES (@Type, @Data, @Id, @Now) RETURNING id",
                new { Type = WebhookEvents.Ping, Data = SqlDialect.Json("{}"), Id = id, Now = now }, write.Transaction);
            return (PingOutcome.Queued, write.Connection.ExecuteScalar<long>(
                "SELECT id FROM webhook_deliveries WHERE event_id = @EventId", new { EventId = eventId }, write.Transaction));
        });
        return queued.Item2 is { } deliveryId ? (queued.Item1, Delivery(id, deliveryId)) : (queued.Item1, null);
    }

    /// <summary>
    /// Claims up to <paramref name="batch"/> due deliveries, each the oldest pending one of its enabled subscription
    /// and not claimed by another worker, until <paramref name="claimUntilMs"/>. On PostgreSQL rows another transaction
    /// is claiming are skipped (and rechecked once it commits, when their claim shows), so two instances never send one
    /// delivery at once; SQLite has one writer at a time.
    /// </summary>
    public IReadOnlyList<ClaimedDelivery> Claim(long nowMs, long claimUntilMs, int batch)
    {
        // Looked at first without a write transaction: an idle worker's tick takes no writer turn (SQLite) and no lock.
        using (var connection = database.Open())
        {
            const string due = "SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at_ms <= @NowMs)";
            if (!connection.ExecuteScalar<bool>(due, new { NowMs = nowMs }))
            {
                return [];
            }
        }

        return ClaimDue(nowMs, claimUntilMs, batch);
    }

    private IReadOnlyList<ClaimedDelivery> ClaimDue(long nowMs, long claimUntilMs, int batch) => database.Write(write =>
    {
        var engine = SqlDialect.EngineOf(write.Connection);
        var claimed = write.Connection.Query<ClaimRow>($"""
            SELECT d.id AS Id, s.id AS SubscriptionId, s.url AS Url, s.secret AS Secret, e.message_id AS MessageId, e.type AS Type,
                   e.data AS Data, e.occurred_at AS OccurredAt, d.round_attempts AS RoundAttempts
            FROM webhook_subscriptions s
            JOIN webhook_deliveries d ON d.id = (SELECT min(h.id) FROM webhook_deliveries h WHERE h.subscription_id = s.id AND h.status = 'pending')
            JOIN webhook_events e ON e.id = d.event_id
            WHERE s.enabled AND d.status = 'pending' AND d.next_attempt_at_ms <= @NowMs
              AND (d.claimed_until_ms IS NULL OR d.claimed_until_ms <= @NowMs)
            ORDER BY d.id
            LIMIT @Batch{engine.ClaimSkippingLocked("d")}
            """, new { NowMs = nowMs, Batch = batch }, write.Transaction).Select(row => row.ToClaimed()).ToList();
        if (claimed.Count > 0)
        {
            write.Connection.Execute("UPDATE webhook_deliveries SET claimed_until_ms = @Until WHERE id = @Id",
                claimed.Select(c => new { Until = claimUntilMs, c.Id }), write.Transaction);
        }

        return (IReadOnlyList<ClaimedDelivery>)claimed;
    });

    /// <summary>Gives claims back unsent (the worker is stopping), so another instance need not wait for them to run out.</summary>
    public void Release(IEnumerable<long> ids)
    {
        var list = ids.ToList();
        if (list.Count == 0)
        {
            return;
        }

        database.Write(write => write.Connection.Execute(
            "UPDATE webhook_deliveries SET claimed_until_ms = NULL WHERE id = @Id", list.Select(id => new { Id = id }), write.Transaction));
    }

    public void RecordDelivered(ClaimedDelivery delivery, AttemptResult result, DateTimeOffset attemptedAt) => database.Write(write =>
    {
        const string sql = """
            UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, round_attempts = round_attempts + 1,
                   last_attempt_at = @At, last_status_code = @StatusCode, last_duration_ms = @DurationMs, last_error = NULL,
                   delivered_at = @At, claimed_until_ms = NULL
            WHERE id = @Id;
            UPDATE webhook_subscriptions SET exhausted_in_a_row = 0 WHERE id = @SubscriptionId AND exhausted_in_a_row <> 0;
            """;
        write.Connection.Execute(sql, new
        {
            delivery.Id,
            delivery.SubscriptionId,
            At = Timestamps.ToDb(attemptedAt),
            result.StatusCode,
            result.DurationMs,
        }, write.Transaction);
    });

    /// <summary>
    /// Records a failed attempt: the next is due after the schedule's wait for this place in it, or, past its end, the
    /// delivery has failed and counts towards disabling the subscription (<paramref name="disableAfter"/> in a row; 0 never).
    /// </summary>
    public FailureOutcome RecordFailed(ClaimedDelivery delivery, AttemptResult result, DateTimeOffset attemptedAt, IReadOnlyList<TimeSpan> schedule, int disableAfter) =>
        database.Write(write =>
        {
            var round = write.Connection.ExecuteScalar<int>(
                "SELECT round_attempts FROM webhook_deliveries WHERE id = @Id", new { delivery.Id }, write.Transaction) + 1;
            var exhausted = round > schedule.Count;
            const string sql = """
                UPDATE webhook_deliveries SET status = @Status, attempts = attempts + 1, round_attempts = @Round,
                       last_attempt_at = @At, last_status_code = @StatusCode, last_duration_ms = @DurationMs, last_error = @Error,
                       next_attempt_at_ms = @NextMs, claimed_until_ms = NULL
                WHERE id = @Id
                """;
            write.Connection.Execute(sql, new
            {
                delivery.Id,
                Status = exhausted ? "failed" : "pending",
                Round = round,
                At = Timestamps.ToDb(attemptedAt),
                result.StatusCode,
                result.DurationMs,
                Error = result.Error is { Length: > 500 } text ? text[..500] : result.Error,
                NextMs = exhausted ? attemptedAt.ToUnixTimeMilliseconds() : (attemptedAt + schedule[round - 1]).ToUnixTimeMilliseconds(),
            }, write.Transaction);
            if (!exhausted)
            {
                return FailureOutcome.Retrying;
            }

            const string count = """
                UPDATE webhook_subscriptions SET exhausted_in_a_row = exhausted_in_a_row + 1 WHERE id = @SubscriptionId
                RETURNING exhausted_in_a_row
                """;
            var inARow = write.Connection.ExecuteScalar<int>(count, new { delivery.SubscriptionId }, write.Transaction);
            if (disableAfter <= 0 || inARow < disableAfter)
            {
                return FailureOutcome.Exhausted;
            }

            write.Connection.Execute("""
                UPDATE webhook_subscriptions SET enabled = @False, disabled_at = @At, disabled_reason = 'exhausted'
                WHERE id = @SubscriptionId AND enabled
                """, new { delivery.SubscriptionId, False = false, At = Timestamps.ToDb(attemptedAt) }, write.Transaction);
            return FailureOutcome.Disabled;
        });

    private static List<string> Distinct(IEnumerable<string> events) => events.Distinct(StringComparer.Ordinal).ToList();

    private static string JsonArray(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToArray(), NewsApiJsonContext.Default.StringArray);

    private static string[] ParseEvents(string json) =>
        JsonSerializer.Deserialize(json, NewsApiJsonContext.Default.StringArray) ?? [];

    private sealed class SubscriptionRow
    {
        public int Id { get; init; }

        public string Url { get; init; } = "";

        public string? Description { get; init; }

        public string Events { get; init; } = "[]";

        public bool Enabled { get; init; }

        public int ExhaustedInARow { get; init; }

        public DateTime? DisabledAt { get; init; }

        public string? DisabledReason { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }

        public WebhookSubscription ToSubscription() =>
            new(Id, Url, Description, ParseEvents(Events), Enabled, ExhaustedInARow, DisabledAt, DisabledReason, CreatedAt, UpdatedAt);
    }

    private sealed class ClaimRow
    {
        public long Id { get; init; }

        public int SubscriptionId { get; init; }

        public string Url { get; init; } = "";

        public string Secret { get; init; } = "";

        public string MessageId { get; init; } = "";

        public string Type { get; init; } = "";

        public string Data { get; init; } = "{}";

        public DateTime OccurredAt { get; init; }

        public int RoundAttempts { get; init; }

        public ClaimedDelivery ToClaimed() => new(Id, SubscriptionId, Url, Secret, MessageId, Type, Data, OccurredAt, RoundAttempts);
    }

    private sealed class DeliveryRow
    {
        public long Id { get; init; }

        public string MessageId { get; init; } = "";

        public string Type { get; init; } = "";

        public string Status { get; init; } = "";

        public int Attempts { get; init; }

        public DateTime? LastAttemptAt { get; init; }

        public int? LastStatusCode { get; init; }

        public int? LastDurationMs { get; init; }

        public string? LastError { get; init; }

        public long NextAttemptAtMs { get; init; }

        public DateTime? DeliveredAt { get; init; }

        public DateTime CreatedAt { get; init; }

        public WebhookDelivery ToDelivery() => new(
            Id, WebhookPayload.MessageIdPrefix + MessageId, Type, Status, Attempts, LastAttemptAt, LastStatusCode, LastDurationMs, LastError,
            Status == "pending" ? DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAtMs).UtcDateTime : null, DeliveredAt, CreatedAt);
    }
}
