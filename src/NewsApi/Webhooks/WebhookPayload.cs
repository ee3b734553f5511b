using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NewsApi.Feeds;

namespace NewsApi.Webhooks;

/// <summary>
/// The body of a webhook: <c>{ "type", "timestamp", "data" }</c>, <c>data</c> being what the trigger stored (ids,
/// slugs, what changed) plus, for article and comment events, the public <c>url</c> of the article.
/// </summary>
public static class WebhookPayload
{
    /// <summary>Prefix of <c>webhook-id</c>: <c>msg_</c> and the event's random id.</summary>
    public const string MessageIdPrefix = "msg_";

    // Arabic slugs as they are, as in every answer of the API; <, > and & stay escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string Body(string type, DateTime occurredAt, string data, NewsApiOptions options)
    {
        using var stored = JsonDocument.Parse(data);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("timestamp", Data.Timestamps.ToText(occurredAt));
            json.WritePropertyName("data");
            json.WriteStartObject();
            foreach (var property in stored.RootElement.EnumerateObject())
            {
                property.WriteTo(json);
            }

            if (ArticleUrl(type, stored.RootElement, options) is { } url)
            {
                json.WriteString("url", url);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Article events name the article; comment.approved names its comment and the article (articleId).
    private static string? ArticleUrl(string type, JsonElement data, NewsApiOptions options)
    {
        var idProperty = type == WebhookEvents.CommentApproved ? "articleId" : "id";
        if (!(type.StartsWith("article.", StringComparison.Ordinal) || type == WebhookEvents.CommentApproved)
            || !data.TryGetProperty(idProperty, out var id) || !data.TryGetProperty("slug", out var slug) || slug.GetString() is not { } text)
        {
            return null;
        }

        var baseUrl = (options.PublicBaseUrl ?? "").Trim().TrimEnd('/');
        return FeedLinks.ArticleUrl(options.Feeds, baseUrl, id.GetInt32(), text);
    }
}
