using Dapper;
using NewsApi.Data;

namespace NewsApi.Articles;

/// <summary>
/// Which content scopes (<see cref="ContentScope"/>) each public answer about articles depends on: what its ETag,
/// Last-Modified, output-cache key and surrogate keys come from. Resolving a slug to an id, or a category to its family,
/// is remembered until the directory (<see cref="ContentScope.Taxonomy"/>) changes, so a cache hit reads nothing.
/// </summary>
public sealed class ArticleScopes(PublicArticles articles, ContentMemo memo, Database database)
{
    /// <summary>Search, feeds and sitemaps: any public article may be in them.</summary>
    public static readonly IReadOnlyList<string> AllLists = [ContentScope.ListAll, ContentScope.Labels];

    /// <summary>Categories, tags and authors with their counts.</summary>
    public static readonly IReadOnlyList<string> Directory = [ContentScope.Taxonomy];

    // No public article answers to the key: publishing one moves every list, and a new former slug the directory.
    private static readonly IReadOnlyList<string> NoArticle = [ContentScope.ListAll, ContentScope.Taxonomy];

    public IReadOnlyList<string> OfArticle(string slugOrId, bool withRelated) => IdOf(slugOrId) switch
    {
        null => NoArticle,
        var id when withRelated => [ContentScope.Article(id.Value), ContentScope.ListAll, ContentScope.Labels],
        var id => [ContentScope.Article(id.Value), ContentScope.Labels],
    };

    /// <summary>The comments are the article's: its scope moves when it is unpublished or its comments are closed.</summary>
    public IReadOnlyList<string> OfComments(string slugOrId) =>
        IdOf(slugOrId) is { } id ? [ContentScope.Comments(id), ContentScope.Article(id)] : NoArticle;

    /// <summary>Computed related articles may be any public article; curated links are the article's own.</summary>
    public IReadOnlyList<string> OfRelated(string slugOrId) =>
        IdOf(slugOrId) is { } id ? [ContentScope.Article(id), ContentScope.ListAll, ContentScope.Labels] : NoArticle;

    /// <summary>
    /// A filtered list changes only when an article of its most selective filter does (an article leaving or entering
    /// the list moves the lists it was and is in). A slug that names nothing gives an empty list until an article is
    /// published with it, which moves <see cref="ContentScope.ListAll"/>.
    /// </summary>
    public IReadOnlyList<string> OfList(string? category, string? tag, string? author)
    {
        if (tag is not null)
        {
            return IdOf("tags", tag) is { } id ? [ContentScope.ListTag(id), ContentScope.Labels] : AllLists;
        }

        if (author is not null)
        {
            return IdOf("authors", author) is { } id ? [ContentScope.ListAuthor(id), ContentScope.Labels] : AllLists;
        }

        if (category is not null)
        {
            var family = FamilyOf(category);
            return family.Count == 0 ? AllLists : [.. family.Select(ContentScope.ListCategory), ContentScope.Labels];
        }

        return AllLists;
    }

    /// <summary>
    /// The id of the public article <paramref name="slugOrId"/> names, or null, as remembered until the directory
    /// changes: for a route that reads the article again where it acts on it (a comment's write transaction), so that
    /// its first look, which answers 404 before the body is read, costs no round trip.
    /// </summary>
    public int? ArticleId(string slugOrId) => IdOf(slugOrId);

    private int? IdOf(string slugOrId) =>
        memo.Remember("scopes:article:" + slugOrId, Directory, () => new Known(articles.Resolve(slugOrId)?.Id)).Id;

    // Table names come from the fixed calls above, never from input.
    private long? IdOf(string table, string slug) =>
        memo.Remember($"scopes:{table}:{slug}", Directory, () =>
        {
            using var connection = database.OpenPublicRead();
            return new KnownLong(connection.QuerySingleOrDefault<long?>($"SELECT id FROM {table} WHERE slug = @Slug", new { Slug = ArticleStore.FilterSlug(slug) }));
        }).Id;

    /// <summary>The ids of the category <paramref name="category"/> names and of its descendants; none for an unknown slug.</summary>
    internal IReadOnlyList<long> FamilyOf(string category) =>
        memo.Remember("scopes:category:" + category, Directory, () =>
        {
            using var connection = database.OpenPublicRead();
            return (IReadOnlyList<long>)connection.Query<long>(ArticleStore.CategoryFamily, new { Category = ArticleStore.FilterSlug(category) }).ToArray();
        });

    private sealed record Known(int? Id);

    private sealed record KnownLong(long? Id);
}
