using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.Webhooks;

/// <summary>
/// Documents what NewsApi sends to subscribers, which no route of its own describes: the <c>WebhookEvent</c> and
/// <c>WebhookEventData</c> schemas (with the signature scheme), and the request itself under <c>x-webhooks</c> (the
/// OpenAPI 3.0 form of 3.1's <c>webhooks</c>, shown by Redoc), which refers to them.
/// </summary>
public sealed class WebhookOpenApiFilter : IDocumentFilter
{
    public const string Signing = """
        Each event is POSTed as JSON to the subscription's URL, signed per the Standard Webhooks specification
        (standardwebhooks.com) with three headers: `webhook-id` (`msg_…`, the same on every retry of the event: deduplicate
        with it), `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256
        of `{webhook-id}.{webhook-timestamp}.{body}` (the raw body bytes as received, UTF-8), keyed with the bytes of the
        subscription's secret (the base64 after `whsec_`). Verify before trusting a body: compute the signature, compare in
        constant time with each space-separated signature of the header, and refuse timestamps more than 5 minutes from
        your clock. Answer 2xx quickly; any other status (3xx included: redirects are not followed), no answer within
        the timeout (10 s) or a refused connection is retried after 5 s, 1 min, 10 min, 1 h, 6 h and 24 h (configurable).
        Events of one subscription are sent one at a time, in the order they were committed, each after the previous one
        was delivered or failed; a delivery sent again by hand (the retry route) can arrive after later events.
        Delivery is at least once: a receiver may see an event twice (same `webhook-id`), e.g. when an instance stops
        between sending and recording.
        """;

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Components ??= new OpenApiComponents();
        swaggerDoc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        swaggerDoc.Components.Schemas["WebhookEventData"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Ids and links of what changed, never whole articles, and never a commenter's e-mail or address. `ping` has none.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Format = "int64",
                    Description = "article.*: the article's id. comment.approved: the comment's id. taxonomy.changed: the category's, tag's or author's id.",
                },
                ["slug"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "article.*: the article's slug (deleted and unpublished ones: their last). comment.approved: the article's. taxonomy.changed: the item's.",
                },
                ["url"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "article.* and comment.approved: where readers open the article (`NewsApi:Feeds:ArticleUrlTemplate` on `NewsApi:PublicBaseUrl`; "
                        + "a path when that is unset), e.g. to purge it from a CDN.",
                },
                ["articleId"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = "comment.approved: the article commented on." },
                ["kind"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Description = "taxonomy.changed: what changed.",
                    Enum = [JsonValue.Create("category"), JsonValue.Create("tag"), JsonValue.Create("author")],
                },
                ["change"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Description = "taxonomy.changed: how (updated: its name, slug, description, bio or parent).",
                    Enum = [JsonValue.Create("created"), JsonValue.Create("updated"), JsonValue.Create("deleted")],
                },
            },
        };
        swaggerDoc.Components.Schemas["WebhookEvent"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The body of every webhook. " + Signing.ReplaceLineEndings(" ") + " Events: article.published (an article became published, "
                + "a scheduled one when its time came), article.updated (a published article changed: content, slug, tags, curated links, date), "
                + "article.unpublished, article.deleted (a published one), comment.approved (on a public article), taxonomy.changed "
                + "(a category, tag or author created, changed or deleted), ping (sent by the test route).",
            Required = new HashSet<string> { "type", "timestamp", "data" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Description = "The event type.",
                    Enum = WebhookEvents.All.Select(type => (JsonNode)JsonValue.Create(type)).ToList(),
                },
                ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When the change was committed (UTC, whole seconds)." },
                ["data"] = new OpenApiSchemaReference("WebhookEventData", swaggerDoc),
            },
            Example = JsonNode.Parse("""
                {"type":"article.published","timestamp":"2024-11-29T10:00:00Z","data":{"id":35,"slug":"رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى","url":"https://news.example.com/api/v1/articles/%D8%B1%D8%A6%D9%8A%D8%B3-%D9%83%D9%88%D8%B1%D9%8A%D8%A7-%D8%A7%D9%84%D8%B4%D9%85%D8%A7%D9%84%D9%8A%D8%A9-%D9%8A%D8%B3%D8%AA%D9%82%D8%A8%D9%84-%D9%88%D8%B2%D9%8A%D8%B1-%D8%A7%D9%84%D8%AF%D9%81%D8%A7%D8%B9-%D8%A7%D9%84%D8%B1%D9%88%D8%B3%D9%89"}}
                """),
        };
        swaggerDoc.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        swaggerDoc.Extensions["x-webhooks"] = new JsonNodeExtension(JsonNode.Parse($$"""
            {
              "contentEvent": {
                "post": {
                  "operationId": "receiveWebhookEvent",
                  "summary": "An event NewsApi sends to a subscription",
                  "description": {{JsonValue.Create(Signing.ReplaceLineEndings(" ").Trim())!.ToJsonString()}},
                  "tags": ["Admin: webhooks"],
                  "security": [],
                  "parameters": [
                    { "name": "webhook-id", "in": "header", "required": true, "description": "The event's message id, `msg_…`: the same on every attempt.", "schema": { "type": "string" } },
                    { "name": "webhook-timestamp", "in": "header", "required": true, "description": "Unix seconds of this attempt.", "schema": { "type": "string" } },
                    { "name": "webhook-signature", "in": "header", "required": true, "description": "`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed with the secret's bytes.", "schema": { "type": "string" } }
                  ],
                  "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/WebhookEvent" } } } },
                  "responses": {
                    "200": { "description": "Received (any 2xx). Anything else is retried." }
                  }
                }
              }
            }
            """)!);
    }
}
