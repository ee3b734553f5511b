using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NewsApi.Webhooks;

/// <summary>The event types, as <c>type</c> in payloads and <c>events</c> in subscriptions.</summary>
public static class WebhookEvents
{
    public const string ArticlePublished = "article.published";
    public const string ArticleUpdated = "article.updated";
    public const string ArticleUnpublished = "article.unpublished";
    public const string ArticleDeleted = "article.deleted";
    public const string CommentApproved = "comment.approved";
    public const string TaxonomyChanged = "taxonomy.changed";
    public const string Ping = "ping";

    /// <summary>What a subscription may ask for; <see cref="Ping"/> is sent by the test route whatever it asked for.</summary>
    public static readonly IReadOnlyList<string> Subscribable =
        [ArticlePublished, ArticleUpdated, ArticleUnpublished, ArticleDeleted, CommentApproved, TaxonomyChanged];

    public static readonly IReadOnlyList<string> All = [.. Subscribable, Ping];
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WebhookCreateRequest(
    [property: Description("Where events are POSTed: an absolute https URL (http only where allowed by configuration) whose host resolves to public addresses.")] string Url,
    [property: Description("Event types to receive: article.published, article.updated, article.unpublished, article.deleted, comment.approved, taxonomy.changed.")] IReadOnlyList<string> Events,
    [property: Description("A note for editors: what the receiver is.")] string? Description = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WebhookUpdateRequest(
    [property: Description("New receiving URL; omitted: unchanged.")] string? Url = null,
    [property: Description("New list of event types; omitted: unchanged.")] IReadOnlyList<string>? Events = null,
    [property: Description("false stops deliveries (pending ones wait); true resumes them and clears the count of exhausted deliveries.")] bool? Enabled = null,
    [property: Description("New note; omitted: unchanged.")] string? Description = null);

/// <summary>A subscription as the admin API shows it: never with its secret, which only the creation answer carries.</summary>
public sealed record WebhookSubscription(
    [property: Description("Subscription id.")] int Id,
    [property: Description("Receiving URL.")] string Url,
    [property: Description("Note for editors.")] string? Description,
    [property: Description("Event types it receives.")] IReadOnlyList<string> Events,
    [property: Description("Whether deliveries are sent.")] bool Enabled,
    [property: Description("Deliveries in a row that exhausted the retry schedule since the last success; at the configured limit the subscription is disabled.")] int ExhaustedInARow,
    [property: Description("When it was disabled, or null while enabled.")] DateTime? DisabledAt,
    [property: Description("Why it was disabled: `exhausted` (deliveries kept failing) or `manual` (PATCH); null while enabled.")] string? DisabledReason,
    [property: Description("Creation time.")] DateTime CreatedAt,
    [property: Description("Last change.")] DateTime UpdatedAt);

/// <summary>The creation answer: the subscription and its signing secret, shown this once.</summary>
public sealed record CreatedWebhookSubscription(
    [property: Description("Subscription id.")] int Id,
    [property: Description("Receiving URL.")] string Url,
    [property: Description("Note for editors.")] string? Description,
    [property: Description("Event types it receives.")] IReadOnlyList<string> Events,
    [property: Description("Whether deliveries are sent.")] bool Enabled,
    [property: Description("Creation time.")] DateTime CreatedAt,
    [property: Description("The signing secret: `whsec_` and the base64 of 32 random bytes. Shown only in this answer: store it now.")] string Secret);

/// <summary>One event sent (or to be sent) to one subscription.</summary>
public sealed record WebhookDelivery(
    [property: Description("Delivery id, for the retry route.")] long Id,
    [property: Description("The message id sent as `webhook-id` (the same on every attempt: receivers deduplicate with it).")] string MessageId,
    [property: Description("Event type.")] string Type,
    [property: Description("`pending` (to be sent or retried), `delivered` (answered 2xx) or `failed` (the retry schedule is exhausted).")] string Status,
    [property: Description("Attempts made so far.")] int Attempts,
    [property: Description("Time of the last attempt, or null before the first.")] DateTime? LastAttemptAt,
    [property: Description("HTTP status of the last answer, or null when there was none (timeout, refused connection).")] int? LastStatusCode,
    [property: Description("Duration of the last attempt in milliseconds.")] int? LastDurationMs,
    [property: Description("Why the last attempt failed, or null.")] string? LastError,
    [property: Description("When the next attempt is due, while pending (the worker may be a poll interval late); null otherwise.")] DateTime? NextAttemptAt,
    [property: Description("When it was delivered, or null.")] DateTime? DeliveredAt,
    [property: Description("When the event happened.")] DateTime CreatedAt);
