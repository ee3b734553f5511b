using NewsApi.Comments;

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
            .AddEndpointFilter(static async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            })
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapAdminArticles();
        admin.MapTaxonomyAdmin();
        admin.MapCommentModeration();
        return admin;
    }
}
