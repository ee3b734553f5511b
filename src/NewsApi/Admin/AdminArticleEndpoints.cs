using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Http;

namespace NewsApi.Admin;

public static class AdminArticleEndpoints
{
    public static RouteGroupBuilder MapAdminArticles(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/articles").WithTags("Admin: articles").RequireAuthorization(ApiKeyStore.ContentWrite);

        group.MapGet("/", ListArticles)
            .WithName("adminListArticles")
            .WithSummary("List articles in any state")
            .WithDescription("Drafts, scheduled and published articles, most recently updated first, optionally filtered by `status`.")
            .Validates<AdminArticleListQuery>();

        group.MapGet("/{id:int}", GetArticle)
            .WithName("adminGetArticle")
            .WithSummary("Get an article in any state")
            .WithDescription("The editor's view of one article, with its `ETag` for a later `If-Match`.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", CreateArticle)
            .WithName("adminCreateArticle")
            .WithSummary("Create a draft article")
            .WithDescription("""
                Creates a draft. `bodyHtml` is sanitised with an allow-list and `content.blocks`, word count and reading time are
                derived from it. The slug is generated from the title (Arabic kept, `-2`, `-3`… when taken) unless `slug` is given.
                Unknown JSON properties are refused, so no one can set `status` here: publishing is its own operation.
                """)
            .Validates<ArticleWriteRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:int}", UpdateArticle)
            .WithName("adminUpdateArticle")
            .WithSummary("Replace an article's content")
            .WithDescription("""
                Full replacement of the editable fields. Requires `If-Match` with the article's current `ETag`: 428 without it,
                412 when someone else saved first. The slug changes only when `slug` is sent; the former slug keeps resolving.
                """)
            .Validates<ArticleWriteRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        group.MapPost("/{id:int}/publish", PublishArticle)
            .WithName("adminPublishArticle")
            .WithSummary("Publish now or schedule")
            .WithDescription("`{}` publishes now; `{ \"publishAt\": \"2026-12-01T08:00:00Z\" }` schedules. A scheduled article becomes public when its time comes, with no job to run. With `If-Match`, 412 when the article changed since that ETag.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        group.MapPost("/{id:int}/unpublish", UnpublishArticle)
            .WithName("adminUnpublishArticle")
            .WithSummary("Take an article back to draft")
            .WithDescription("The article disappears from every public route at once.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        group.MapDelete("/{id:int}", DeleteArticle)
            .WithName("adminDeleteArticle")
            .WithSummary("Delete an article")
            .WithDescription("Deletes the article with its comments, tags links and curated related links. Its id is never given to another article.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return group;
    }

    public static Ok<ListResponse<AdminArticleSummary>> ListArticles([AsParameters] AdminArticleListQuery query, AdminArticleStore store, HttpContext context)
    {
        var page = query.ToRequest();
        var (items, total) = store.List(query.Status, page);
        return TypedResults.Ok(items.ToListResponse(context, page, total));
    }

    public static Results<Ok<AdminArticle>, ProblemHttpResult> GetArticle([Description("Article id.")] int id, AdminArticleStore store, HttpContext context)
    {
        if (store.Get(id) is not { } found)
        {
            return Problems.NotFound(Messages.AdminArticleNotFound(id));
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(found.Version);
        return TypedResults.Ok(found.Article);
    }

    public static Results<Created<AdminArticle>, ProblemHttpResult> CreateArticle(
        ArticleWriteRequest request, AdminArticleStore store, HttpContext context)
    {
        var result = store.Create(request);
        if (result.Article is not { } article)
        {
            return Refusal(result);
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(result.Version);
        return TypedResults.Created($"/api/v1/admin/articles/{article.Id}", article);
    }

    public static Results<Ok<AdminArticle>, ProblemHttpResult> UpdateArticle(
        [Description("Article id.")] int id,
        ArticleWriteRequest request,
        [FromHeader(Name = "If-Match"), Description("The article's current ETag, from GET or the last write.")] string? ifMatch,
        AdminArticleStore store,
        HttpContext context)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.Status(StatusCodes.Status428PreconditionRequired, Messages.IfMatchRequired);
        }

        var result = store.Update(id, request, ifMatch);
        if (result.Article is not { } article)
        {
            return Refusal(result);
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(result.Version);
        return TypedResults.Ok(article);
    }

    public static Results<Ok<AdminArticle>, ProblemHttpResult> PublishArticle(
        [Description("Article id.")] int id,
        PublishRequest request,
        [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch,
        AdminArticleStore store,
        HttpContext context) =>
        Written(store.Publish(id, request.PublishAt, ifMatch), context);

    public static Results<Ok<AdminArticle>, ProblemHttpResult> UnpublishArticle(
        [Description("Article id.")] int id,
        [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch,
        AdminArticleStore store,
        HttpContext context) =>
        Written(store.Unpublish(id, ifMatch), context);

    public static Results<NoContent, ProblemHttpResult> DeleteArticle(
        [Description("Article id.")] int id,
        [FromHeader(Name = IfMatch.Header), Description(IfMatch.Description)] string? ifMatch,
        AdminArticleStore store) =>
        store.Delete(id, ifMatch) is { Refusal: not WriteRefusal.None } refused ? Refusal(refused) : TypedResults.NoContent();

    private static Results<Ok<AdminArticle>, ProblemHttpResult> Written(WriteResult result, HttpContext context)
    {
        if (result.Article is not { } article)
        {
            return Refusal(result);
        }

        context.Response.Headers.ETag = IfMatch.ETagOf(result.Version);
        return TypedResults.Ok(article);
    }

    // The one place a refused article write becomes HTTP.
    private static ProblemHttpResult Refusal(WriteResult result) => result.Refusal switch
    {
        WriteRefusal.UnknownCategory => Problems.FieldError("categoryId", Messages.NoSuchCategory(result.RefusedId!.Value)),
        WriteRefusal.UnknownAuthor => Problems.FieldError("authorId", Messages.NoSuchAuthor(result.RefusedId!.Value)),
        WriteRefusal.SlugTaken => Problems.Status(StatusCodes.Status409Conflict, Messages.SlugTaken(result.RefusedSlug!)),
        WriteRefusal.Stale => Problems.Status(StatusCodes.Status412PreconditionFailed, Messages.IfMatchStale),
        _ => Problems.NotFound(Messages.AdminArticleNotFound(result.RefusedId!.Value)),
    };
}
