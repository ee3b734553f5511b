using System.ComponentModel;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Articles;
using NewsApi.Http;

namespace NewsApi.Related;

/// <summary>
/// One entry of an article's related block, with a <c>kind</c> discriminator: an <c>article</c> of this site,
/// or an external <c>link</c> an editor chose.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(RelatedArticle), "article")]
[JsonDerivedType(typeof(RelatedLink), "link")]
public abstract record RelatedItem;

/// <summary>A published article of this site, with why it is related.</summary>
public sealed record RelatedArticle(
    ArticleSummary Article,
    [property: Description("`curated` (chosen by an editor), `tags` (shares tags), `category` (same or parent category) or `text` (shares significant title/body words): the signal that weighed most.")]
    string Reason) : RelatedItem;

/// <summary>An external page an editor linked.</summary>
public sealed record RelatedLink(
    [property: Description("Link text chosen by the editor.")] string Title,
    [property: Description("Absolute http(s) URL.")] string Url) : RelatedItem;

/// <summary>The body of GET /articles/{slug}/related.</summary>
public sealed record RelatedList(IReadOnlyList<RelatedItem> Items);

/// <summary>Why a computed article is related; the values of <see cref="RelatedArticle.Reason"/>.</summary>
public static class RelatedReasons
{
    public const string Curated = "curated";
    public const string Tags = "tags";
    public const string Category = "category";
    public const string Text = "text";

    public static readonly string[] All = [Curated, Tags, Category, Text];
}

/// <summary>Query parameters of GET /articles/{slug}/related.</summary>
public sealed class RelatedQuery
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    [FromQuery(Name = "limit")]
    [Description("How many items, 1 to 20 (curated links included).")]
    [DefaultValue(DefaultLimit)]
    public QueryInt? Limit { get; init; }
}

/// <summary>One item of PUT /admin/articles/{id}/related-links: either <c>articleId</c>, or <c>title</c> and <c>url</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RelatedLinkRequest(
    [property: Description("Id of an article of this site. It is shown only while that article is published.")] int? ArticleId = null,
    [property: Description("Link text of an external page (with `url`).")] string? Title = null,
    [property: Description("Absolute http or https URL of an external page (with `title`).")] string? Url = null);

/// <summary>One curated related link as editors see it.</summary>
public sealed record AdminRelatedLink(
    [property: Description("`article` or `link`.")] string Kind,
    [property: Description("The linked article's id; null for an external link.")] int? ArticleId,
    [property: Description("The external link's text, or the linked article's current title.")] string Title,
    [property: Description("The external URL; null for an article.")] string? Url,
    [property: Description("Whether the public related route shows it: `false` for an article that is not public now (a draft, scheduled); always `true` for an external link.")] bool Visible);
