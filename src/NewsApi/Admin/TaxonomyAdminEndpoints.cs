using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Http;

namespace NewsApi.Admin;

/// <summary>Categories, tags and authors for editors: list with ids, create, rename or move, delete when unused.</summary>
/// <remarks>
/// Each item has a row version, sent as its ETag by its GET and by every write; renames, moves and deletes honour
/// If-Match with it (412 when stale), as every admin write of a versioned resource does.
/// </remarks>
public static class TaxonomyAdminEndpoints
{
    private const string Tag = "Admin: categories, tags, authors";

    public static void MapTaxonomyAdmin(this IEndpointRouteBuilder admin)
    {
        var categories = admin.MapGroup("/categories").WithTags(Tag).RequireAuthorization(ApiKeyStore.ContentWrite);
        categories.MapGet("/", (TaxonomyStore store) => TypedResults.Ok(store.ListCategories()))
            .WithName("adminListCategories").WithSummary("List categories with ids")
            .WithDescription("Every category with its id and parent id, for choosing `categoryId` and `parentId`.");
        categories.MapGet("/{id:int}", ([Description("Category id.")] int id, TaxonomyStore store, HttpContext context) => Found(store.GetCategory(id), context))
            .WithName("adminGetCategory").WithSummary("Get a category by id")
            .WithDescription("One category, with its `ETag` for a later `If-Match`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        categories.MapPost("/", (CategoryWriteRequest request, TaxonomyStore store, HttpContext context) => Created("categories", store.SaveCategory(null, request, null), context))
            .WithName("adminCreateCategory").WithSummary("Create a category")
            .WithDescription("Creates a category, top-level or under `parentId`. The slug is generated from the name unless given.")
            .Validates<CategoryWriteRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        categories.MapPut("/{id:int}", ([Description("Category id.")] int id, CategoryWriteRequest request, [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch, TaxonomyStore store, HttpContext context) =>
                Saved(store.SaveCategory(id, request, ifMatch), context))
            .WithName("adminUpdateCategory").WithSummary("Rename or move a category")
            .WithDescription("Replaces name, description and parent (moving it; never under itself or its own sub-categories). The slug is kept unless `slug` is sent.")
            .Validates<CategoryWriteRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        categories.MapDelete("/{id:int}", ([Description("Category id.")] int id, [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch, TaxonomyStore store) =>
                Deleted(store.Delete("categories", id, ifMatch), "category"))
            .WithName("adminDeleteCategory").WithSummary("Delete an unused category")
            .WithDescription("409 while an article or a sub-category still belongs to it. Its id is never given to another category.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        var tags = admin.MapGroup("/tags").WithTags(Tag).RequireAuthorization(ApiKeyStore.ContentWrite);
        tags.MapGet("/", (TaxonomyStore store) => TypedResults.Ok(store.ListTags()))
            .WithName("adminListTags").WithSummary("List tags with ids")
            .WithDescription("Every tag, used or not.");
        tags.MapGet("/{id:int}", ([Description("Tag id.")] int id, TaxonomyStore store, HttpContext context) => Found(store.GetTag(id), context))
            .WithName("adminGetTag").WithSummary("Get a tag by id")
            .WithDescription("One tag, with its `ETag` for a later `If-Match`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tags.MapPost("/", (TagWriteRequest request, TaxonomyStore store, HttpContext context) => Created("tags", store.SaveTag(null, request, null), context))
            .WithName("adminCreateTag").WithSummary("Create a tag")
            .WithDescription("Tags are also created on the fly by article writes; this creates one ahead of use.")
            .Validates<TagWriteRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        tags.MapPut("/{id:int}", ([Description("Tag id.")] int id, TagWriteRequest request, [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch, TaxonomyStore store, HttpContext context) =>
                Saved(store.SaveTag(id, request, ifMatch), context))
            .WithName("adminUpdateTag").WithSummary("Rename a tag")
            .WithDescription("The slug is kept unless `slug` is sent.")
            .Validates<TagWriteRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        tags.MapDelete("/{id:int}", ([Description("Tag id.")] int id, [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch, TaxonomyStore store) =>
                Deleted(store.Delete("tags", id, ifMatch), "tag"))
            .WithName("adminDeleteTag").WithSummary("Delete an unused tag")
            .WithDescription("409 while an article still carries it. Its id is never given to another tag.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        var authors = admin.MapGroup("/authors").WithTags(Tag).RequireAuthorization(ApiKeyStore.ContentWrite);
        authors.MapGet("/", (TaxonomyStore store) => TypedResults.Ok(store.ListAuthors()))
            .WithName("adminListAuthors").WithSummary("List authors with ids")
            .WithDescription("Every author, for choosing `authorId`.");
        authors.MapGet("/{id:int}", ([Description("Author id.")] int id, TaxonomyStore store, HttpContext context) => Found(store.GetAuthor(id), context))
            .WithName("adminGetAuthor").WithSummary("Get an author by id")
            .WithDescription("One author, with its `ETag` for a later `If-Match`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        authors.MapPost("/", (AuthorWriteRequest request, TaxonomyStore store, HttpContext context) => Created("authors", store.SaveAuthor(null, request, null), context))
            .WithName("adminCreateAuthor").WithSummary("Create an author")
            .WithDescription("The slug is generated from the name unless given.")
            .Validates<AuthorWriteRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        authors.MapPut("/{id:int}", ([Description("Author id.")] int id, AuthorWriteRequest request, [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch, TaxonomyStore store, HttpContext context) =>
                Saved(store.SaveAuthor(id, request, ifMatch), context))
            .WithName("adminUpdateAuthor").WithSummary("Rename an author")
            .WithDescription("Replaces name and bio. The slug is kept unless `slug` is sent.")
            .Validates<AuthorWriteRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        authors.MapDelete("/{id:int}", ([Description("Author id.")] int id, [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch, TaxonomyStore store) =>
                Deleted(store.Delete("authors", id, ifMatch), "author"))
            .WithName("adminDeleteAuthor").WithSummary("Delete an author with no articles")
            .WithDescription("409 while an article is still credited to the author. Its id is never given to another author.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static Results<Ok<T>, ProblemHttpResult> Found<T>((T Item, long Version)? found, HttpContext context) where T : class
    {
        if (found is not { } read)
        {
            return Problems.NotFound(Messages.StatusDetail(StatusCodes.Status404NotFound));
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(read.Version);
        return TypedResults.Ok(read.Item);
    }

    private static Results<Created<T>, ProblemHttpResult> Created<T>(string collection, TaxonomyResult<T> result, HttpContext context) where T : class
    {
        if (result.Item is not { } item)
        {
            return Problem(result);
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(result.Version);
        return TypedResults.Created($"/api/v1/admin/{collection}/{IdOf(item)}", item);
    }

    private static Results<Ok<T>, ProblemHttpResult> Saved<T>(TaxonomyResult<T> result, HttpContext context) where T : class
    {
        if (result.Item is not { } item)
        {
            return Problem(result);
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(result.Version);
        return TypedResults.Ok(item);
    }

    private static Results<NoContent, ProblemHttpResult> Deleted(TaxonomyRefusal refusal, string what) => refusal switch
    {
        TaxonomyRefusal.None => TypedResults.NoContent(),
        TaxonomyRefusal.InUse => Problems.Status(StatusCodes.Status409Conflict, Messages.InUse(what)),
        TaxonomyRefusal.Stale => Problems.Status(StatusCodes.Status412PreconditionFailed, Messages.IfMatchStale),
        _ => Problems.NotFound(Messages.StatusDetail(StatusCodes.Status404NotFound)),
    };

    // The one place a refused taxonomy write becomes HTTP.
    private static ProblemHttpResult Problem<T>(TaxonomyResult<T> result) where T : class => result.Refusal switch
    {
        TaxonomyRefusal.NotFound => Problems.Status(StatusCodes.Status404NotFound, Messages.NothingWithId(result.RefusedId!.Value)),
        TaxonomyRefusal.Stale => Problems.Status(StatusCodes.Status412PreconditionFailed, Messages.IfMatchStale),
        TaxonomyRefusal.SlugTaken => Problems.Status(StatusCodes.Status409Conflict, Messages.SlugInUse(result.RefusedSlug!)),
        TaxonomyRefusal.UnknownParent => Problems.FieldError("parentId", Messages.NoSuchCategory(result.RefusedId!.Value)),
        TaxonomyRefusal.ParentCycle => Problems.FieldError("parentId", Messages.CategoryCycle),
        var other => throw new InvalidOperationException($"A taxonomy write refused with {other} has no problem to answer."),
    };

    private static int IdOf(object item) => item switch
    {
        AdminCategory category => category.Id,
        AdminTag tag => tag.Id,
        AdminAuthor author => author.Id,
        _ => 0,
    };
}
