using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Http;

namespace NewsApi.Admin;

/// <summary>Categories, tags and authors for editors: list with ids, create, rename or move, delete when unused.</summary>
public static class TaxonomyAdminEndpoints
{
    public static void MapTaxonomyAdmin(this IEndpointRouteBuilder admin)
    {
        var categories = admin.MapGroup("/categories").WithTags("Admin: categories, tags, authors").RequireAuthorization(ApiKeyStore.ContentWrite);
        categories.MapGet("/", (TaxonomyStore store) => TypedResults.Ok(store.ListCategories()))
            .WithName("adminListCategories").WithSummary("List categories with ids")
            .WithDescription("Every category with its id and parent id, for choosing `categoryId` and `parentId`.");
        categories.MapPost("/", (CategoryWriteRequest request, TaxonomyStore store) => Created("categories", store.SaveCategory(null, request)))
            .WithName("adminCreateCategory").WithSummary("Create a category")
            .WithDescription("Creates a category, top-level or under `parentId`. The slug is generated from the name unless given.")
            .Validates<CategoryWriteRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        categories.MapPut("/{id:int}", ([Description("Category id.")] int id, CategoryWriteRequest request, TaxonomyStore store) => Saved(store.SaveCategory(id, request)))
            .WithName("adminUpdateCategory").WithSummary("Rename or move a category")
            .WithDescription("Replaces name, description and parent (moving it; never under itself or its own sub-categories). The slug is kept unless `slug` is sent.")
            .Validates<CategoryWriteRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        categories.MapDelete("/{id:int}", ([Description("Category id.")] int id, TaxonomyStore store) => Deleted(store.Delete("categories", id), "category"))
            .WithName("adminDeleteCategory").WithSummary("Delete an unused category")
            .WithDescription("409 while an article or a sub-category still belongs to it.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var tags = admin.MapGroup("/tags").WithTags("Admin: categories, tags, authors").RequireAuthorization(ApiKeyStore.ContentWrite);
        tags.MapGet("/", (TaxonomyStore store) => TypedResults.Ok(store.ListTags()))
            .WithName("adminListTags").WithSummary("List tags with ids")
            .WithDescription("Every tag, used or not.");
        tags.MapPost("/", (TagWriteRequest request, TaxonomyStore store) => Created("tags", store.SaveTag(null, request)))
            .WithName("adminCreateTag").WithSummary("Create a tag")
            .WithDescription("Tags are also created on the fly by article writes; this creates one ahead of use.")
            .Validates<TagWriteRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        tags.MapPut("/{id:int}", ([Description("Tag id.")] int id, TagWriteRequest request, TaxonomyStore store) => Saved(store.SaveTag(id, request)))
            .WithName("adminUpdateTag").WithSummary("Rename a tag")
            .WithDescription("The slug is kept unless `slug` is sent.")
            .Validates<TagWriteRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tags.MapDelete("/{id:int}", ([Description("Tag id.")] int id, TaxonomyStore store) => Deleted(store.Delete("tags", id), "tag"))
            .WithName("adminDeleteTag").WithSummary("Delete an unused tag")
            .WithDescription("409 while an article still carries it.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var authors = admin.MapGroup("/authors").WithTags("Admin: categories, tags, authors").RequireAuthorization(ApiKeyStore.ContentWrite);
        authors.MapGet("/", (TaxonomyStore store) => TypedResults.Ok(store.ListAuthors()))
            .WithName("adminListAuthors").WithSummary("List authors with ids")
            .WithDescription("Every author, for choosing `authorId`.");
        authors.MapPost("/", (AuthorWriteRequest request, TaxonomyStore store) => Created("authors", store.SaveAuthor(null, request)))
            .WithName("adminCreateAuthor").WithSummary("Create an author")
            .WithDescription("The slug is generated from the name unless given.")
            .Validates<AuthorWriteRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        authors.MapPut("/{id:int}", ([Description("Author id.")] int id, AuthorWriteRequest request, TaxonomyStore store) => Saved(store.SaveAuthor(id, request)))
            .WithName("adminUpdateAuthor").WithSummary("Rename an author")
            .WithDescription("Replaces name and bio. The slug is kept unless `slug` is sent.")
            .Validates<AuthorWriteRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        authors.MapDelete("/{id:int}", ([Description("Author id.")] int id, TaxonomyStore store) => Deleted(store.Delete("authors", id), "author"))
            .WithName("adminDeleteAuthor").WithSummary("Delete an author with no articles")
            .WithDescription("409 while an article is still credited to the author.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static Results<Created<T>, ProblemHttpResult> Created<T>(string collection, TaxonomyResult<T> result) where T : class =>
        result.Item is { } item
            ? TypedResults.Created($"/api/v1/admin/{collection}/{IdOf(item)}", item)
            : Problem(result);

    private static Results<Ok<T>, ProblemHttpResult> Saved<T>(TaxonomyResult<T> result) where T : class =>
        result.Item is { } item ? TypedResults.Ok(item) : Problem(result);

    private static Results<NoContent, ProblemHttpResult> Deleted(int status, string what) => status switch
    {
        StatusCodes.Status200OK => TypedResults.NoContent(),
        StatusCodes.Status409Conflict => Problems.Status(StatusCodes.Status409Conflict, Messages.InUse(what)),
        _ => Problems.NotFound(Messages.StatusDetail(StatusCodes.Status404NotFound)),
    };

    private static ProblemHttpResult Problem<T>(TaxonomyResult<T> result) where T : class => result.Field is { } field
        ? Problems.FieldError(field, result.Detail!)
        : Problems.Status(result.Status, result.Detail!);

    private static int IdOf(object item) => item switch
    {
        AdminCategory category => category.Id,
        AdminTag tag => tag.Id,
        AdminAuthor author => author.Id,
        _ => 0,
    };
}
