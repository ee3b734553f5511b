using System.Data.Common;
using Dapper;
using NewsApi.Articles;
using NewsApi.Categories;
using NewsApi.Data;
using NewsApi.Import;
using NewsApi.Tags;
using NewsApi.Text;

namespace NewsApi.Redirects;

/// <summary>What an old address names now.</summary>
public enum RedirectKind
{
    Article,
    Category,
    Tag,
}

/// <summary>An old address (already in <see cref="RedirectPaths.Key"/> form) and what it names.</summary>
public sealed record OldPath(string Key, RedirectKind Kind, long Id);

/// <summary>
/// The one owner of old addresses: recording the paths an imported site answered on, in the transaction that writes
/// what they name, and finding where a path leads now. A path leads only to what the public may see, under its current
/// slug: a draft's or a deleted article's path is as unknown as one never recorded, and an article renamed by an editor
/// is found under its new slug (its former slugs stay reachable on the article routes through their aliases).
/// </summary>
public sealed class RedirectStore(Database database, PublicArticles articles, CategoryStore categories, TagStore tags, ContentMemo memo)
{
    /// <summary>Records paths inside the caller's transaction; a path already recorded keeps what it named first.</summary>
    public static void Record(DbConnection connection, DbTransaction transaction, IEnumerable<OldPath> paths, DateTime now)
    {
        const string sql = """
            INSERT INTO redirects (path, article_id, category_id, tag_id, created_at)
            VALUES (@Key, @ArticleId, @CategoryId, @TagId, @Now)
            ON CONFLICT (path) DO NOTHING
            """;
        foreach (var path in paths.Where(p => RedirectPaths.IsStorable(p.Key)).DistinctBy(p => p.Key))
        {
            connection.Execute(sql, new
            {
                path.Key,
                ArticleId = path.Kind == RedirectKind.Article ? path.Id : (long?)null,
                CategoryId = path.Kind == RedirectKind.Category ? path.Id : (long?)null,
                TagId = path.Kind == RedirectKind.Tag ? path.Id : (long?)null,
                Now = now,
            }, transaction);
        }
    }

    /// <summary>
    /// Records the WordPress addresses of an imported post (<see cref="WordPressLinks.OfPost"/>), of its category with the
    /// category's ancestors, and of its tags, all in the import's transaction for the post, after the article, its
    /// category and its tags are written. The categories and tags are matched to what the import made of them through
    /// the article's rows, so the importer's rules for their slugs stay its own.
    /// </summary>
    /// <param name="known">The export's categories by WordPress slug (for a category's ancestors).</param>
    public static void RecordImported(WriteScope write, WxrPost post, long articleId, IReadOnlyDictionary<string, WxrCategory> known, DateTime now)
    {
        var (connection, transaction) = (write.Connection, write.Transaction);
        var paths = WordPressLinks.OfPost(post).Select(link => Old(link, RedirectKind.Article, articleId)).ToList();

        // The article's category and its parents, nearest first, beside the export's category and its parents.
        const string lineageSql = """
            WITH RECURSIVE up(id, parent_id, depth) AS (
                SELECT c.id, c.parent_id, 0 FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.id = @ArticleId
                UNION ALL
                SELECT c.id, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id WHERE up.depth < 100)
            SELECT id FROM up ORDER BY depth
            """;
        var categoryIds = connection.Query<long>(lineageSql, new { ArticleId = articleId }, transaction).AsList();
        if (post.Terms.FirstOrDefault(t => t.Domain == "category") is { } category)
        {
            var lineage = WordPressLineage(category.Slug, known);
            for (var level = 0; level < Math.Min(lineage.Count, categoryIds.Count); level++)
            {
                var own = lineage.Take(lineage.Count - level).ToList();
                paths.AddRange(WordPressLinks.OfCategory(post.SiteUrl, own).Select(link => Old(link, RedirectKind.Category, categoryIds[level])));
            }
        }

        const string tagsSql = "SELECT t.id AS Id, t.slug AS Slug FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = @ArticleId";
        var articleTags = connection.Query<(long Id, string Slug)>(tagsSql, new { ArticleId = articleId }, transaction).ToDictionary(t => t.Slug, t => t.Id);
        foreach (var tag in post.Terms.Where(t => t.Domain == "post_tag" && t.Slug.Length > 0))
        {
            if (TagSlugs(tag).Select(slug => articleTags.GetValueOrDefault(slug)).FirstOrDefault(id => id > 0) is > 0 and var tagId)
            {
                paths.Add(Old(WordPressLinks.OfTag(post.SiteUrl, tag.Slug), RedirectKind.Tag, tagId));
            }
        }

        Record(connection, transaction, paths.Where(p => p.Key.Length > 0), now);
    }

    private static OldPath Old(string link, RedirectKind kind, long id) => new(RedirectPaths.Key(link) ?? "", kind, id);

    /// <summary>The category's WordPress slug and its ancestors', root first (a loop in a damaged export ends it).</summary>
    private static List<string> WordPressLineage(string slug, IReadOnlyDictionary<string, WxrCategory> known)
    {
        var lineage = new List<string> { slug };
        while (known.GetValueOrDefault(lineage[0])?.ParentSlug is { Length: > 0 } parent && !lineage.Contains(parent) && lineage.Count < 100)
        {
            lineage.Insert(0, parent);
        }

        return lineage;
    }

    // The slugs a tag of the export may have been given: from its name as written or with its entities decoded, or
    // from its WordPress slug.
    private static IEnumerable<string> TagSlugs(WxrTerm tag) =>
        new[] { tag.Name, System.Net.WebUtility.HtmlDecode(tag.Name), Uri.UnescapeDataString(tag.Slug) }.Select(text => Slugs.FromTitle(text.Trim())).Distinct();

    /// <summary>The public article, category or tag an old address leads to now, or null.</summary>
    public RedirectTarget? Find(string pathOrUrl)
    {
        if (RedirectPaths.Key(pathOrUrl) is not { } key)
        {
            return null;
        }

        var target = Lookup(key);
        return target?.Kind switch
        {
            RedirectKind.Article => articles.Summaries([(int)target.Id]) is [var article]
                ? new RedirectTarget(article.Links.Self, "article", article.Id, article.Slug)
                : null,
            RedirectKind.Category => categories.Find((int)target.Id) is { } category
                ? new RedirectTarget(category.Links.Self, "category", category.Id, category.Slug)
                : null,
            RedirectKind.Tag => tags.Find(target.Id) is { } tag
                ? new RedirectTarget(tag.Links.Articles, "tag", (int)target.Id, tag.Slug)
                : null,
            _ => null,
        };
    }

    /// <summary>
    /// The content scopes a lookup's answer depends on: its article's (which move when it is published, unpublished,
    /// renamed or deleted), or the directory and labels for a category or tag (which move when one becomes public or
    /// hidden, or is renamed); the directory while the path names nothing, which recording a path of a public target
    /// moves. Which path names what is remembered until the directory changes, so a cached answer reads nothing.
    /// </summary>
    public IReadOnlyList<string> ScopesOf(string? pathOrUrl)
    {
        if (pathOrUrl is not { Length: <= RedirectPaths.MaxLength } || RedirectPaths.Key(pathOrUrl) is not { } key)
        {
            return ArticleScopes.Directory;
        }

        var target = memo.Remember("redirects:" + key, ArticleScopes.Directory, () => new Known(Lookup(key)));
        return target.Path switch
        {
            { Kind: RedirectKind.Article } article => [ContentScope.Article(article.Id)],
            { } => [ContentScope.Taxonomy, ContentScope.Labels],
            null => ArticleScopes.Directory,
        };
    }

    private OldPath? Lookup(string key)
    {
        const string sql = "SELECT article_id AS ArticleId, category_id AS CategoryId, tag_id AS TagId FROM redirects WHERE path = @Key";
        using var connection = database.OpenPublicRead();
        return connection.QuerySingleOrDefault<Row>(sql, new { Key = key }) switch
        {
            { ArticleId: { } id } => new OldPath(key, RedirectKind.Article, id),
            { CategoryId: { } id } => new OldPath(key, RedirectKind.Category, id),
            { TagId: { } id } => new OldPath(key, RedirectKind.Tag, id),
            _ => null,
        };
    }

    private sealed record Known(OldPath? Path);

    private sealed class Row
    {
        public long? ArticleId { get; init; }

        public long? CategoryId { get; init; }

        public long? TagId { get; init; }
    }
}
