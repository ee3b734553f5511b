using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Whole-document touches: a relative server (the document is served by the API it describes, behind whatever host
/// the operator chose), and no schema for the abstract content block or related item, which every concrete member of
/// those unions now stands without, nor for any other schema that nothing refers to.
/// </summary>
public sealed class DocumentTidyFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Servers = [new OpenApiServer { Url = "/", Description = "The host serving this document" }];
        foreach (var tag in swaggerDoc.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
        }

        swaggerDoc.Components?.Schemas?.Remove(nameof(Text.ContentBlock));
        swaggerDoc.Components?.Schemas?.Remove(nameof(Related.RelatedItem));
        swaggerDoc.Components?.Schemas?.Remove(nameof(Sync.SyncItem));
        RemoveUnreferencedSchemas(swaggerDoc);
    }

    /// <summary>What each group of operations (a route's <c>WithTags</c>) is for, shown by documentation browsers.</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Home"] = "Where to start: links to the documentation, the API and the feeds.",
        ["Articles"] = "Published articles: lists with filters and paging, one article with its content as HTML and blocks.",
        ["Categories"] = "The category tree, with counts of published articles.",
        ["Tags"] = "Tags that have a published article, with counts.",
        ["Authors"] = "Authors who have a published article, with counts.",
        ["Related"] = "Curated related links, then computed related articles.",
        ["Search"] = "Arabic-aware full-text search with highlighted snippets.",
        ["Sync"] = "Changes since a token, deletions included, for apps that keep articles offline.",
        ["Comments"] = "Readers' comments: threaded lists and submission (moderated, rate-limited).",
        ["Redirects"] = "Old addresses of an imported (WordPress) site: where each leads now, for front ends to redirect instead of answering 404.",
        ["Feeds and sitemaps"] = "RSS 2.0, JSON Feed 1.1 and sitemaps for readers and crawlers, outside /api/v1.",
        ["Health"] = "Liveness and readiness probes for orchestrators and load balancers.",
        ["Previews"] = "Draft previews: an article in any state by a signed, expiring token from the editorial API; never cached.",
        ["Admin: articles"] = "Editorial API (API key, scope content:write): drafts, updates, publishing, curated related links.",
        ["Admin: categories, tags, authors"] = "Editorial API (API key, scope content:write): the taxonomy.",
        ["Admin: comments"] = "Moderation API (API key, scope comments:moderate): review, approve, mark as spam, delete.",
        ["Admin: webhooks"] = "Webhook subscriptions (API key, scope webhooks:manage): signed notifications of published, changed and deleted content; the payload is the WebhookEvent schema.",
    };

    // Nullable object properties get their schema inlined (ResponseSchemaFilter), which can leave a component that
    // nothing points at any more (ArticleImage, AuthorRef): generators would emit dead types for them.
    private static void RemoveUnreferencedSchemas(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        bool removed;
        do
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            document.SerializeAsV3(new OpenApiJsonWriter(text));
            var json = text.ToString();
            var unused = schemas.Keys.Where(name => !json.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal)).ToList();
            unused.ForEach(name => schemas.Remove(name));
            removed = unused.Count > 0;
        }
        while (removed);
    }
}
