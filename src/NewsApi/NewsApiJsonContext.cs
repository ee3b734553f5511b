using System.Text.Json;
using System.Text.Json.Serialization;
using NewsApi.Articles;
using NewsApi.Authors;
using NewsApi.Categories;
using NewsApi.Health;
using NewsApi.Http;
using NewsApi.Search;
using NewsApi.Tags;
using NewsApi.Text;

namespace NewsApi;

/// <summary>Source-generated serialisation for every type the API writes or stores as JSON.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ArticleListResponse))]
[JsonSerializable(typeof(ArticleDetail))]
// Search answers with totalItemsRelation, and search suggestions (issue 18).
[JsonSerializable(typeof(SearchHitListResponse))]
[JsonSerializable(typeof(SuggestionList))]
[JsonSerializable(typeof(IReadOnlyList<ContentBlock>))]
[JsonSerializable(typeof(ListResponse<Category>))]
[JsonSerializable(typeof(Category))]
[JsonSerializable(typeof(ListResponse<Tag>))]
[JsonSerializable(typeof(ListResponse<Author>))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(Home.HomeIndex))]
[JsonSerializable(typeof(Admin.ArticleWriteRequest))]
[JsonSerializable(typeof(Admin.PublishRequest))]
[JsonSerializable(typeof(Admin.AdminArticle))]
[JsonSerializable(typeof(ListResponse<Admin.AdminArticleSummary>))]
[JsonSerializable(typeof(Admin.CategoryWriteRequest))]
[JsonSerializable(typeof(Admin.TagWriteRequest))]
[JsonSerializable(typeof(Admin.AuthorWriteRequest))]
[JsonSerializable(typeof(IReadOnlyList<Admin.AdminCategory>))]
[JsonSerializable(typeof(IReadOnlyList<Admin.AdminTag>))]
[JsonSerializable(typeof(IReadOnlyList<Admin.AdminAuthor>))]
[JsonSerializable(typeof(Related.RelatedList))]
[JsonSerializable(typeof(Related.RelatedLinkRequest[]))]
[JsonSerializable(typeof(IReadOnlyList<Related.AdminRelatedLink>))]
[JsonSerializable(typeof(Feeds.JsonFeed))]
[JsonSerializable(typeof(Comments.CommentRequest))]
[JsonSerializable(typeof(Comments.CommentAccepted))]
[JsonSerializable(typeof(ListResponse<Comments.Comment>))]
[JsonSerializable(typeof(Comments.CommentStatusRequest))]
[JsonSerializable(typeof(Comments.AdminComment))]
[JsonSerializable(typeof(ListResponse<Comments.AdminComment>))]
[JsonSerializable(typeof(Preview.PreviewLink))]
[JsonSerializable(typeof(Sync.SyncPage))]
// Webhooks
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Webhooks.WebhookCreateRequest))]
[JsonSerializable(typeof(Webhooks.WebhookUpdateRequest))]
[JsonSerializable(typeof(Webhooks.CreatedWebhookSubscription))]
[JsonSerializable(typeof(Webhooks.WebhookSubscription))]
[JsonSerializable(typeof(IReadOnlyList<Webhooks.WebhookSubscription>))]
[JsonSerializable(typeof(Webhooks.WebhookDelivery))]
[JsonSerializable(typeof(ListResponse<Webhooks.WebhookDelivery>))]
// Old links (issue 17)
[JsonSerializable(typeof(Redirects.RedirectTarget))]
public sealed partial class NewsApiJsonContext : JsonSerializerContext;
