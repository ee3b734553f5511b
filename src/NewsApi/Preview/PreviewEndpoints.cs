using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NewsApi.Admin;
using NewsApi.Articles;
using NewsApi.Feeds;
using NewsApi.Http;

namespace NewsApi.Preview;

public static class PreviewEndpoints
{
    /// <summary>
    /// GET /api/v1/preview/{token}: outside the public group on purpose, so none of its caching applies (no validators,
    /// no output cache, no <c>public</c> Cache-Control). A preview shows unpublished work to whoever holds the link;
    /// neither a shared cache nor a search engine may keep it.
    /// </summary>
    public static RouteGroupBuilder MapPreviews(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/preview")
            .WithTags("Previews")
            .RefusesUnknownQueryParameters()
            .RequireCors(HttpSetup.PublicCorsPolicy)
            .CacheOutput(policy => policy.NoCache())
            .AddEndpointFilter(static async (context, next) =>
            {
                // Before the handler, so its 404 carries them too: every answer of this route looks alike.
                var headers = context.HttpContext.Response.Headers;
                headers.CacheControl = "no-store";
                headers[RobotsHeader] = "noindex";
                return await next(context);
            });

        group.MapGet("/{token}", GetPreview)
            .WithName("getPreview")
            .WithSummary("Preview an article by preview token")
            .WithDescription("""
                The article a preview token names, in whatever state it is now (draft, scheduled or published), in the shape of
                `GET /api/v1/articles/{slug}`: an edit saved after the token was made shows at once. A draft's `publishedAt` is the
                time of the request (when it would appear if published now). For an editor to show a front end's page of unpublished
                work; tokens come from `POST /api/v1/admin/articles/{id}/preview`. No key is needed: the token is the permission.
                Answers are `Cache-Control: no-store` and `X-Robots-Tag: noindex`, never kept in the output cache, and have no
                `ETag` or `Last-Modified`. A token that has expired, was altered, or names an article since deleted is answered
                404, the same for each.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    /// <summary>POST /api/v1/admin/articles/{id}/preview, on the admin group (API key, no-store, no CORS).</summary>
    public static RouteHandlerBuilder MapArticlePreviews(this IEndpointRouteBuilder admin) =>
        admin.MapPost("/articles/{id:int}/preview", CreatePreview)
            .WithTags("Admin: articles")
            .RequireAuthorization(ApiKeyStore.ContentWrite)
            .WithName("adminCreatePreview")
            .WithSummary("Make a preview link for an article")
            .WithDescription("""
                A token and the URL of `GET /api/v1/preview/{token}`, which shows the article in any state to whoever holds the
                link until `expiresAt` (`NewsApi:Preview:TokenLifetimeMinutes` after now, 60 minutes by default). Each call makes a
                new token; a token cannot be extended or revoked on its own, but deleting the article ends every preview of it.
                The token is signed and sealed with a key ring kept in the database, so every instance of the service opens it.
                Answers 201 with the preview URL in `Location`. No body is read.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>The header that asks search engines not to index an answer (HTML's robots meta tag for any response).</summary>
    public const string RobotsHeader = "X-Robots-Tag";

    public static Results<Created<PreviewLink>, ProblemHttpResult> CreatePreview(
        [Description("Article id.")] int id, AdminArticleStore articles, PreviewTokens tokens, HttpContext context, IOptions<NewsApiOptions> options)
    {
        if (articles.Get(id) is null)
        {
            return Problems.NotFound(Messages.AdminArticleNotFound(id));
        }

        var (token, expiresAt) = tokens.Issue(id);
        var url = new FeedLinks(context.Request, options).Absolute("/api/v1/preview/" + token);
        return TypedResults.Created(url, new PreviewLink(token, url, expiresAt.UtcDateTime));
    }

    public static Results<Ok<ArticleDetail>, ProblemHttpResult> GetPreview(
        [Description("A preview token from `adminCreatePreview`.")] string token, PreviewTokens tokens, PublicArticles articles) =>
        tokens.ArticleOf(token) is { } id && articles.DetailInAnyState(id) is { } article
            ? TypedResults.Ok(article)
            : Problems.NotFound(Messages.PreviewNotFound);
}
