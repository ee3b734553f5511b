using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace NewsApi.Redirects;

/// <summary>Where an old address leads now.</summary>
public sealed record RedirectTarget(
    [property: Description("The public API address of what the old address named now, under its current slug: `/api/v1/articles/{slug}` for an article, `/api/v1/categories/{slug}` for a category, `/api/v1/articles?tag={slug}` for a tag. The slug is percent-encoded.")]
    string Location,
    [property: Description("`article`, `category` or `tag`.")]
    string Kind,
    [property: Description("The article's or category's id; for a tag, its id in this API (tags are otherwise named by slug).")]
    int Id,
    [property: Description("The current slug, as is (not percent-encoded): what a front end builds its own URL from.")]
    string Slug);

/// <summary>Query parameters of GET /api/v1/redirects.</summary>
public sealed class RedirectQuery
{
    [FromQuery(Name = "path")]
    [Description("""
        The old address, as the front end received it: a path (`/2024/11/29/old-slug/`, `/?p=35`, `/category/news/politics/`)
        or a whole URL (its scheme and host are ignored), up to 2,000 characters. Arabic may be percent-encoded (in upper- or
        lower-case hex) or not; a trailing slash, the fragment and campaign parameters (`utm_*`, `fbclid`, `gclid`) make no
        difference; other query parameters do (`?p=35` is a post's short link). Percent-encode it as a query value.
        """)]
    [Required]
    public string? Path { get; init; }
}
