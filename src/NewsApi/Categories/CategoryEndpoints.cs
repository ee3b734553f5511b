using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Http;

namespace NewsApi.Categories;

public static class CategoryEndpoints
{
    public static RouteGroupBuilder MapCategories(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/categories").WithTags("Categories").DependsOn(_ => Articles.ArticleScopes.Directory);

        group.MapGet("/", ListCategories)
            .WithName("listCategories")
            .WithSummary("List categories")
            .WithDescription("""
                Every category with at least one published article (its own or a sub-category's; like tags and authors),
                ordered by name, with `parentId` (null for a top-level category) so a client can build the
                navigation tree, and `articleCount`: the published articles of the category and its sub-categories.
                Paged like every list (default `pageSize` 100 here, so one request usually returns them all).
                """)
            .Validates<WholeListPageQuery>();

        group.MapGet("/{slug}", GetCategory)
            .WithName("getCategory")
            .WithSummary("Get a category by slug")
            .WithDescription("""
                One category. Its articles are at `links.articles` (`/api/v1/articles?category={slug}`). A category with no
                published article yet (none of its own or its sub-categories') is a 404 problem, as an unknown slug is.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static Ok<ListResponse<Category>> ListCategories([AsParameters] WholeListPageQuery query, CategoryStore store, HttpContext context)
    {
        var page = query.ToRequest();
        var (items, total) = store.List(page);
        return TypedResults.Ok(items.ToListResponse(context, page, total));
    }

    public static Results<Ok<Category>, ProblemHttpResult> GetCategory([Description("The category's slug, as is or percent-encoded, e.g. `اخبار-عالمية-وسفارات`.")] string slug, CategoryStore store) =>
        store.Find(slug) is { } category ? TypedResults.Ok(category) : Problems.NotFound(Messages.CategoryNotFound(slug));
}
