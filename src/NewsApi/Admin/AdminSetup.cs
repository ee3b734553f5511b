using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsApi.Comments;
using NewsApi.Http;
using NewsApi.Preview;
using NewsApi.Related;

namespace NewsApi.Admin;

public static class AdminSetup
{
    /// <summary>
    /// The editorial API under /api/v1/admin: API key required, never cached, and no CORS policy, so browsers on
    /// other origins cannot call it with a reader's credentials.
    /// </summary>
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin")
            .RequireAuthorization()
            .RefusesUnknownQueryParameters()
            .AddEndpointFilter(static async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            })
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesStorageUnavailableOnWrites()
            // Larger than the public routes' 64 KiB (Kestrel's default here): an article's HTML may be long.
            .WithMetadata(new RequestSizeLimitAttribute(
                app.ServiceProvider.GetRequiredService<IOptions<NewsApiOptions>>().Value.Http.AdminMaxRequestBodyBytes));
        admin.MapAdminArticles();
        admin.MapTaxonomyAdmin();
        admin.MapRelatedLinksAdmin();
        admin.MapCommentModeration();
        admin.MapArticlePreviews();
        Webhooks.WebhookEndpoints.MapWebhooks(admin);
        return admin;
    }
}
