using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace NewsApi.Search;

/// <summary>One suggestion for what a reader is typing.</summary>
/// <param name="Text">The article's title, or the category's, tag's or author's name, as written (harakat and all).</param>
/// <param name="Kind">What it is: `article`, `tag`, `category` or `author`.</param>
/// <param name="Slug">Its slug: `GET /api/v1/articles/{slug}` for an article, the `category`, `tag` or `author` filter of `GET /api/v1/articles` otherwise.</param>
public sealed record Suggestion(
    [property: Description("The article's title, or the category's, tag's or author's name, as written.")]
    string Text,
    [property: Description("What it is: `article`, `category`, `tag` or `author`.")]
    string Kind,
    [property: Description("Its slug: `GET /api/v1/articles/{slug}` for an article; the `category`, `tag` or `author` filter of `GET /api/v1/articles` otherwise.")]
    string Slug);

/// <summary>The answer of GET /api/v1/search/suggest.</summary>
/// <param name="Items">At most 10 suggestions, best first: matching categories, tags and authors, then articles newest first.</param>
public sealed record SuggestionList(
    [property: Description("At most 10 suggestions, best first: matching categories, tags and authors (most articles first), then articles (newest first). Empty when nothing matches.")]
    IReadOnlyList<Suggestion> Items);

/// <summary>The kinds of suggestion.</summary>
public static class SuggestionKind
{
    public const string Article = "article";
    public const string Tag = "tag";
    public const string Category = "category";
    public const string Author = "author";

    public static readonly string[] All = [Article, Category, Tag, Author];
}

/// <summary>Query parameters of GET /api/v1/search/suggest.</summary>
public sealed class SuggestQuery
{
    public const int MaxPrefixLength = 50;

    [FromQuery(Name = "q")]
    [Description("""
        What the reader has typed so far, 1 to 50 characters: the start of a word, or of several words (`وزير الدف`).
        Normalised as search normalises it, so harakat, tatweel, hamza forms, final ى or ي and ة or ه do not matter.
        """)]
    [Required]
    public string? Q { get; init; }
}
