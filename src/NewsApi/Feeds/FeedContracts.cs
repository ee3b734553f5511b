using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NewsApi.Feeds;

/// <summary>A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/).</summary>
public sealed record JsonFeed(
    [property: JsonPropertyName("version"), Description("Always `https://jsonfeed.org/version/1.1`.")] string Version,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("home_page_url")] string HomePageUrl,
    [property: JsonPropertyName("feed_url")] string FeedUrl,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("items")] IReadOnlyList<JsonFeedItem> Items);

/// <summary>One article of a JSON Feed.</summary>
public sealed record JsonFeedItem(
    [property: JsonPropertyName("id"), Description("Stable id: the article's URL.")] string Id,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("content_html"), Description("The article's sanitised HTML.")] string ContentHtml,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("image"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Image,
    [property: JsonPropertyName("date_published")] DateTime DatePublished,
    [property: JsonPropertyName("date_modified")] DateTime DateModified,
    [property: JsonPropertyName("authors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JsonFeedAuthor>? Authors,
    [property: JsonPropertyName("tags"), Description("The category name, then the tag names.")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("language")] string Language);

public sealed record JsonFeedAuthor([property: JsonPropertyName("name")] string Name);
