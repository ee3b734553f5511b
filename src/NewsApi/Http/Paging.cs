using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace NewsApi.Http;

/// <summary>The envelope of every paged list.</summary>
/// <param name="TotalPages">The numbered pages a client can ask for: the pages of <c>pageSize</c> that hold every item, or, where
/// numbered pages stop at a depth (the first 10,000 articles or search hits), those within it.</param>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalItems, int TotalPages);

public readonly record struct PageRequest(int Page, int PageSize)
{
    // long: page × pageSize can pass int.MaxValue, and a wrapped offset would serve the first page as the billionth.
    public long Offset => (Page - 1L) * PageSize;

    /// <summary>Whether this page is one of the <see cref="Paging.ReachablePages"/> of its size.</summary>
    public bool IsReachable(int deepestItem) => Page <= Paging.ReachablePages(PageSize, deepestItem);

    /// <summary>This page of a whole list held in memory, and the list's length as the total.</summary>
    public (IReadOnlyList<T> Items, int Total) Of<T>(IReadOnlyList<T> all) =>
        (Offset >= all.Count ? [] : all.Skip((int)Offset).Take(PageSize).ToList(), all.Count);
}

public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// The numbered pages of <paramref name="pageSize"/> that reach no deeper than <paramref name="deepestItem"/>
    /// (page × pageSize at most that; the first page always). The one notion of depth behind the validators' refusal,
    /// <c>totalPages</c> and the <c>next</c>/<c>last</c> links, so a client following any of them never meets a 400.
    /// </summary>
    public static int ReachablePages(int pageSize, int deepestItem) => Math.Max(deepestItem / pageSize, 1);

    /// <summary>
    /// Wraps a page of items and sets the RFC 8288 <c>Link</c> (first/prev/next/last) and <c>X-Total-Count</c> headers.
    /// <c>totalPages</c> and the links count only the <see cref="ReachablePages"/> within <paramref name="deepestItem"/>,
    /// the deepest item numbered pages may reach (an article list's <c>nextCursor</c> goes on from there);
    /// <c>totalItems</c> still counts every item.
    /// </summary>
    public static ListResponse<T> ToListResponse<T>(this IReadOnlyList<T> items, HttpContext context, PageRequest request, int totalItems, int deepestItem = int.MaxValue)
    {
        var totalPages = (int)Math.Min(Math.Ceiling(totalItems / (double)request.PageSize), ReachablePages(request.PageSize, deepestItem));
        var last = Math.Max(totalPages, 1);
        var links = new List<string>(4)
        {
            Link(context.Request, 1, "first"),
        };
        if (request.Page > 1)
        {
            links.Add(Link(context.Request, Math.Min(request.Page - 1, last), "prev"));
        }

        if (request.Page < totalPages)
        {
            links.Add(Link(context.Request, request.Page + 1, "next"));
        }

        links.Add(Link(context.Request, last, "last"));

        context.Response.Headers.Link = string.Join(", ", links);
        context.Response.Headers["X-Total-Count"] = totalItems.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ListResponse<T>(items, request.Page, request.PageSize, totalItems, totalPages);
    }

    /// <summary>
    /// The <c>Link</c> header of a keyset page: <c>first</c> (the same query without a cursor) and, unless this is
    /// the last page, <c>next</c> with <paramref name="nextCursor"/>.
    /// </summary>
    public static string CursorLinks(HttpRequest request, string? nextCursor)
    {
        var first = Link(request, "cursor", null, "first");
        return nextCursor is null ? first : first + ", " + Link(request, "cursor", nextCursor, "next");
    }

    private static string Link(HttpRequest request, int page, string relation) =>
        Link(request, "page", page.ToString(System.Globalization.CultureInfo.InvariantCulture), relation);

    // Links are relative to the host (RFC 8288 allows URI references), so they stay right behind a reverse proxy.
    // The request's own query is kept with `name` replaced by `value` (or removed when null).
    private static string Link(HttpRequest request, string name, string? value, string relation)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in QueryHelpers.ParseQuery(request.QueryString.Value))
        {
            if (!key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var item in values)
                {
                    query.Add(key, item ?? string.Empty);
                }
            }
        }

        if (value is not null)
        {
            query.Add(name, value);
        }

        return $"<{request.PathBase.ToUriComponent()}{request.Path.ToUriComponent()}{query.ToQueryString().ToUriComponent()}>; rel=\"{relation}\"";
    }
}
