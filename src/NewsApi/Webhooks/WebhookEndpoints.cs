using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsApi.Admin;
using NewsApi.Http;

namespace NewsApi.Webhooks;

/// <summary>Webhook subscriptions under /api/v1/admin/webhooks (scope <c>webhooks:manage</c>).</summary>
public static class WebhookEndpoints
{
    private const string Tag = "Admin: webhooks";

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder admin)
    {
        var webhooks = admin.MapGroup("/webhooks").WithTags(Tag).RequireAuthorization(ApiKeyStore.WebhooksManage);
        webhooks.MapPost("/", CreateAsync)
            .WithName("adminCreateWebhook").WithSummary("Subscribe a URL to events")
            .WithDescription("Creates a subscription and answers it with its signing `secret`, which no later answer shows: store it now. "
                + "The URL must be https in Production (http where `NewsApi:Webhooks:AllowHttp` is true) and its host must resolve only to "
                + "public addresses (not loopback, private, link-local or cloud metadata ones) unless `NewsApi:Webhooks:AllowPrivateNetworks` is true. "
                + "Events are signed per Standard Webhooks; see the `WebhookEvent` schema for the payload and how to verify it.")
            .Validates<WebhookCreateRequest>();
        webhooks.MapGet("/", (WebhookStore store) => TypedResults.Ok(store.List()))
            .WithName("adminListWebhooks").WithSummary("List subscriptions")
            .WithDescription("Every subscription, oldest first, without secrets.");
        webhooks.MapGet("/{id:int}", Get)
            .WithName("adminGetWebhook").WithSummary("Get a subscription")
            .WithDescription("One subscription, without its secret. `enabled` false with `disabledReason` `exhausted` means its deliveries kept failing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPatch("/{id:int}", UpdateAsync)
            .WithName("adminUpdateWebhook").WithSummary("Change a subscription's URL, events or state")
            .WithDescription("Changes what is sent: omitted properties stay. `enabled: false` stops deliveries (events that happen meanwhile are not "
                + "queued for it; deliveries already queued wait); `enabled: true` resumes them and clears `exhaustedInARow`. A new URL is checked as at creation.")
            .Validates<WebhookUpdateRequest>().ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{id:int}", Delete)
            .WithName("adminDeleteWebhook").WithSummary("Delete a subscription")
            .WithDescription("Deletes the subscription and its deliveries, sent or not.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id:int}/deliveries", Deliveries)
            .WithName("adminListWebhookDeliveries").WithSummary("List a subscription's deliveries")
            .WithDescription("Newest first: each event sent or to be sent, with its attempts, the last answer's status and duration, and the next attempt while pending.")
            .Validates<ListPageQuery>().ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id:int}/deliveries/{deliveryId:long}/retry", Retry)
            .WithName("adminRetryWebhookDelivery").WithSummary("Send a delivery again")
            .WithDescription("Queues the delivery again now with the whole retry schedule ahead of it, whatever its status (a delivered one is sent "
                + "again with the same `webhook-id`). It goes out before the subscription's other pending deliveries, so it may arrive after later events.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id:int}/test", Ping)
            .WithName("adminTestWebhook").WithSummary("Send a ping")
            .WithDescription("Queues a `ping` event for this subscription (whatever its `events`), behind its pending deliveries; follow it in the deliveries list.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return webhooks;
    }

    public static async Task<Results<Created<CreatedWebhookSubscription>, ProblemHttpResult>> CreateAsync(
        WebhookCreateRequest request, WebhookStore store, IOptionsMonitor<NewsApiOptions> options, IHostEnvironment environment, CancellationToken cancellation)
    {
        var refusal = await WebhookAddresses.CheckAsync(request.Url, options.CurrentValue.Webhooks, environment.IsProduction(), cancellation);
        if (refusal != WebhookUrlRefusal.None)
        {
            return Problems.FieldError("url", WebhookMessages.Refusal(refusal));
        }

        var created = store.Create(request.Url, request.Events, request.Description);
        return TypedResults.Created($"/api/v1/admin/webhooks/{created.Id}", created);
    }

    public static Results<Ok<WebhookSubscription>, ProblemHttpResult> Get([Description("Subscription id.")] int id, WebhookStore store) =>
        store.Get(id) is { } subscription ? TypedResults.Ok(subscription) : NotFound(id);

    public static async Task<Results<Ok<WebhookSubscription>, ProblemHttpResult>> UpdateAsync(
        [Description("Subscription id.")] int id, WebhookUpdateRequest request, WebhookStore store, IOptionsMonitor<NewsApiOptions> options,
        IHostEnvironment environment, CancellationToken cancellation)
    {
        if (request.Url is { } url
            && await WebhookAddresses.CheckAsync(url, options.CurrentValue.Webhooks, environment.IsProduction(), cancellation) is not WebhookUrlRefusal.None and var refusal)
        {
            return Problems.FieldError("url", WebhookMessages.Refusal(refusal));
        }

        return store.Update(id, request) is { } subscription ? TypedResults.Ok(subscription) : NotFound(id);
    }

    public static Results<NoContent, ProblemHttpResult> Delete([Description("Subscription id.")] int id, WebhookStore store) =>
        store.Delete(id) ? TypedResults.NoContent() : NotFound(id);

    public static Results<Ok<ListResponse<WebhookDelivery>>, ProblemHttpResult> Deliveries(
        [Description("Subscription id.")] int id, [AsParameters] ListPageQuery query, WebhookStore store, HttpContext context)
    {
        var page = query.ToRequest();
        return store.Deliveries(id, page) is { } found
            ? TypedResults.Ok(found.Items.ToListResponse(context, page, found.Total))
            : NotFound(id);
    }

    public static Results<Accepted<WebhookDelivery>, ProblemHttpResult> Retry(
        [Description("Subscription id.")] int id, [Description("Delivery id.")] long deliveryId, WebhookStore store) =>
        store.Retry(id, deliveryId) is { } delivery
            ? TypedResults.Accepted($"/api/v1/admin/webhooks/{id}/deliveries", delivery)
            : Problems.NotFound(Messages.StatusDetail(StatusCodes.Status404NotFound));

    public static Results<Accepted<WebhookDelivery>, ProblemHttpResult> Ping([Description("Subscription id.")] int id, WebhookStore store) =>
        store.Ping(id) switch
        {
            (PingOutcome.Queued, { } delivery) => TypedResults.Accepted($"/api/v1/admin/webhooks/{id}/deliveries", delivery),
            (PingOutcome.Disabled, _) => Problems.Status(StatusCodes.Status409Conflict, WebhookMessages.SubscriptionDisabled),
            _ => NotFound(id),
        };

    private static ProblemHttpResult NotFound(int id) => Problems.NotFound(Messages.NothingWithId(id));
}
