using Dapper;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Http;

namespace NewsApi.Feeds;

/// <summary>An article as feeds carry it: the public summary plus its sanitised HTML.</summary>
public sealed record FeedEntry(ArticleSummary Article, string Html);

/// <summary>An article's address in a sitemap.</summary>
public sealed record SitemapEntry(int Id, string Slug, DateTime LastModified);

/// <summary>An article of the news sitemap.</summary>
public sealed record NewsEntry(int Id, string Slug, string Title, string Language, DateTime PublishedAt);

/// <summary>Reads for feeds and sitemaps. Only public articles, by <see cref="PublicArticles.IsPublic"/>.</summary>
public sealed class FeedStore(Database database, TimeProvider clock, ArticleStore articles, Categories.CategoryStore categories)
{
    /// <summary>Google News reads at most 1,000 URLs per news sitemap.</summary>
    public const int MaxNewsEntries = 1000;

    /// <summary>The newest public articles, of a category and its sub-categories when given.</summary>
    public IReadOnlyList<FeedEntry> Latest(int count, string? categorySlug)
    {
        var (items, _) = articles.List(new ArticleFilter(categorySlug, null, null, null, null, false), new PageRequest(1, count));
        using var connection = database.OpenPublicRead();
        var html = connection.Query<BodyRow>($"SELECT a.id AS Id, {StoredBody.Columns} FROM articles a WHERE {database.Engine.InIdList("a.id", "@Ids")}", new { Ids = database.Engine.IdList(items.Select(i => i.Id)) })
            .ToDictionary(row => row.Id, StoredBody.Html);
        return items.Select(item => new FeedEntry(item, html.GetValueOrDefault(item.Id, ""))).ToList();
    }

    /// <summary>The name of the public category with this slug, or null (unknown, or with no published article yet).</summary>
    public string? CategoryName(string slug) => categories.Find(slug)?.Name;

    public int CountPublic()
    {
        using var connection = database.OpenPublicRead();
        return connection.ExecuteScalar<int>($"SELECT count(*) FROM articles a WHERE {PublicArticles.IsPublic}", new { Now = Now() });
    }

    /// <summary>One file's worth of public articles, oldest id first so a page's content is stable as articles are added.</summary>
    public IReadOnlyList<SitemapEntry> SitemapPage(int page, int size)
    {
        var sql = $"""
            SELECT a.id AS Id, a.slug AS Slug, a.updated_at AS UpdatedAt FROM articles a
            WHERE {PublicArticles.IsPublic}
            ORDER BY a.id LIMIT @Limit OFFSET @Offset
            """;
        using var connection = database.OpenPublicRead();
        return connection.Query<(long Id, string Slug, DateTime UpdatedAt)>(sql, new { Now = Now(), Limit = size, Offset = (page - 1) * (long)size })
            .Select(row => new SitemapEntry((int)row.Id, row.Slug, row.UpdatedAt))
            .ToList();
    }

    /// <summary>The newest change in each sitemap file, for the index's lastmod.</summary>
    public IReadOnlyList<DateTime> SitemapPageLastModified(int size)
    {
        var sql = $"""
            SELECT max(updated_at) FROM (
                SELECT a.updated_at, row_number() OVER (ORDER BY a.id) - 1 AS n FROM articles a WHERE {PublicArticles.IsPublic}) numbered
            GROUP BY numbered.n / @Size ORDER BY numbered.n / @Size
            """;
        using var connection = database.OpenPublicRead();
        return connection.Query<DateTime>(sql, new { Now = Now(), Size = size }).ToList();
    }

    /// <summary>Public articles published in the last <paramref name="window"/>, newest first.</summary>
    public IReadOnlyList<NewsEntry> PublishedWithin(TimeSpan window)
    {
        var sql = $"""
            SELECT a.id, a.slug, a.title, a.language, a.published_at FROM articles a
            WHERE {PublicArticles.IsPublic} AND a.published_at >= @Since
            ORDER BY a.published_at DESC, a.id DESC LIMIT {MaxNewsEntries}
            """;
        using var connection = database.OpenPublicRead();
        return connection.Query<(long Id, string Slug, string Title, string Language, DateTime PublishedAt)>(
                sql, new { Now = Now(), Since = Timestamps.ToDb(clock.GetUtcNow() - window) })
            .Select(row => new NewsEntry((int)row.Id, row.Slug, row.Title, row.Language, row.PublishedAt))
            .ToList();
    }

    /// <summary>The publication time of the newest public article older than <paramref name="window"/>: the last one to leave it.</summary>
    public DateTime? LastPublishedBefore(TimeSpan window)
    {
        var sql = $"""
            SELECT a.published_at FROM articles a{database.Engine.IndexedBy("ix_articles_public_order")}
            WHERE {PublicArticles.IsPublic} AND a.published_at < @Since
            ORDER BY a.published_at DESC LIMIT 1
            """;
        using var connection = database.OpenPublicRead();
        return connection.QuerySingleOrDefault<DateTime?>(sql, new { Now = Now(), Since = Timestamps.ToDb(clock.GetUtcNow() - window) });
    }

    private DateTime Now() => Timestamps.ToDb(clock.GetUtcNow());

    private sealed class BodyRow : IBodyColumns
    {
        public int Id { get; init; }

        public byte[]? Body { get; init; }

        public string? LegacyHtml { get; init; }

        public string? LegacyBlocks { get; init; }
    }
}
