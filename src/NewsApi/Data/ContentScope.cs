using System.Globalization;

namespace NewsApi.Data;

/// <summary>
/// The names of the parts public content is versioned by: the C# side of the names the triggers of migration 0009
/// (postgres 0005) write into <c>content_scopes</c>, and the surrogate keys public answers carry, so that a CDN can
/// purge by the same names. Which writes move which scope is written down beside those triggers.
/// </summary>
public static class ContentScope
{
    /// <summary>Every list of public articles: a write that changes any public article moves it.</summary>
    public const string ListAll = "list-all";

    /// <summary>The directory: which articles, categories, tags and authors are public, under which slugs, with their counts.</summary>
    public const string Taxonomy = "taxonomy";

    /// <summary>The names, slugs and hierarchy of the categories, tags and authors that public articles show.</summary>
    public const string Labels = "labels";

    /// <summary>One article: its detail, its curated links and its comment count.</summary>
    public static string Article(long id) => Named("article-", id);

    /// <summary>One article's approved comments.</summary>
    public static string Comments(long id) => Named("comments-", id);

    /// <summary>The public articles filed directly in one category (a parent's list takes in each of its family's).</summary>
    public static string ListCategory(long id) => Named("list-category-", id);

    public static string ListTag(long id) => Named("list-tag-", id);

    public static string ListAuthor(long id) => Named("list-author-", id);

    private static string Named(string prefix, long id) => prefix + id.ToString(CultureInfo.InvariantCulture);
}
