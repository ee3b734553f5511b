using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace NewsApi.Http;

/// <summary>The envelope of every paged list.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalItems, int TotalPages);

public readonly record struct PageRequest(int Page, int PageSize)
{
    // long: page × pageSize can pass int.MaxValue, and a wrapped offset would serve the first page as the billionth.
    public long Offset => (Page - 1L) * PageSize;
}

public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// Wraps a page of items and sets the RFC 8288 <c>Link</c> (first/prev/next/last) and <c>X-Total-Count</c> headers.
    /// Links never point past <paramref name="deepestItem"/>, the deepest item numbered pages may reach: the
    /// <c>next</c> and <c>last</c> beyond it are left out (the answer's <c>nextCursor</c> goes on from there).
    /// </summary>
    public static ListResponse<T> ToListResponse<T>(this IReadOnlyList<T> items, HttpContext context, PageRequest request, int totalItems, int deepestItem = int.MaxValue)
    {
        var totalPages = (int)Math.Ceiling(totalItems / (double)request.PageSize);
        var last = Math.Max(totalPages, 1);
        var reachable = Math.Max(deepestItem / request.PageSize, 1);
        var links = new List<string>(4)
        {
            Link(context.Request, 1, "first"),
        };
        if (request.Page > 1)
        {
            links.Add(Link(context.Request, Math.Min(request.Page - 1, last), "prev"));
        }

        if (request.Page < totalPages && request.Page < reachable)
        {
            links.Add(Link(context.Request, request.Page + 1, "next"));
        }

        if (last <= reachable)
        {
            links.Add(Link(context.Request, last, "last"));
        }

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
