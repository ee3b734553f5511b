using Dapper;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Http;

namespace NewsApi.Search;

/// <summary>
/// Queries of the FTS5 index of migration 0002 (kept in step with every write by triggers). Only public articles
/// are ever found: <see cref="PublicArticles.IsPublic"/> is applied at query time, so drafts never appear and a
/// scheduled article appears when its time comes.
/// </summary>
public sealed class SearchStore(Database database, ArticleStore articles, ContentMemo memo)
{
    // bm25 weights by column: title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem. A title
    // outweighs the lead and tags, which outweigh the body; each exact column outweighs its stem column, and an
    // exact match scores in both, so it ranks above a stemmed match in the same field, other things equal.
    private const string Rank = "bm25(search_index, 10.0, 6.0, 4.0, 2.5, 1.0, 0.6, 4.0, 2.5)";

    // Matches joined to articles through the narrow covering index of migration 0002, so checking visibility and
    // the filters of thousands of matches reads a few index pages rather than thousands of wide article rows.
    private const string FromVisibleMatches = """
        FROM search_index
        JOIN articles a INDEXED BY ix_articles_search_visibility ON a.id = search_index.rowid
        """;

    /// <summary>A page of hits with snippets, and the number of hits on all pages.</summary>
    public (IReadOnlyList<SearchHit> Hits, int Total) Search(SearchTerms terms, ArticleFilter filter, SearchOrder order, PageRequest page)
    {
        using var connection = database.Open();
        var (summaries, total) = Find(connection, terms, filter, order, page);
        const string textSql = "SELECT id AS Id, title AS Title, subtitle AS Subtitle, excerpt AS Excerpt, body_text AS BodyText FROM articles WHERE id IN @Ids";
        var texts = connection.Query<TextRow>(textSql, new { Ids = summaries.Select(s => s.Id).ToArray() }).ToDictionary(t => t.Id);
        var hits = summaries.Select(summary =>
        {
            // The body first: on a tie it gives the most useful context; the title is already in the summary.
            var text = texts[summary.Id];
            return new SearchHit(summary, SearchSnippet.Build(terms, text.BodyText, text.Excerpt, text.Subtitle, text.Title));
        }).ToList();
        return (hits, total);
    }

    /// <summary>
    /// Empties the index and fills it again from every article, in one transaction (readers see the old index
    /// until it commits). For after a change of the normaliser or stemmer, or to repair a damaged index. Search answers
    /// may change, so the content version moves on and cached answers and ETags are renewed.
    /// </summary>
    /// <returns>The number of articles indexed.</returns>
    public int RebuildIndex()
    {
        const string sql = """
            INSERT INTO search_index (search_index) VALUES ('delete-all');
            INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
            SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents;
            INSERT INTO search_index (search_index) VALUES ('optimize');
            UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
            """;
        using var write = database.BeginWrite();
        var (connection, transaction) = (write.Connection, write.Transaction);
        connection.Execute(sql, transaction: transaction);
        var count = connection.ExecuteScalar<int>("SELECT count(*) FROM articles", transaction: transaction);
        transaction.Commit();
        return count;
    }

    /// <summary>A page of matching article summaries (no snippets), for GET /api/v1/articles?q=.</summary>
    public (IReadOnlyList<ArticleSummary> Items, int Total) SearchArticles(SearchTerms terms, ArticleFilter filter, SearchOrder order, PageRequest page)
    {
        using var connection = database.Open();
        return Find(connection, terms, filter, order, page);
    }

    private (IReadOnlyList<ArticleSummary> Items, int Total) Find(
        System.Data.Common.DbConnection connection, SearchTerms terms, ArticleFilter filter, SearchOrder order, PageRequest page)
    {
        if (terms.IsEmpty)
        {
            return ([], 0);
        }

        var matches = articles.Matching(filter);
        var where = $"WHERE search_index MATCH @Match AND {matches.Sql}";
        // Relevance: bm25, then the newer article. Newest/oldest: publication time, then id.
        var (score, direction) = order switch
        {
            SearchOrder.Newest => ("0", "DESC"),
            SearchOrder.Oldest => ("0", "ASC"),
            _ => (Rank, "DESC"),
        };
        var parameters = matches.Parameters;
        parameters.Add("Match", terms.ToFilterExpression());
        var total = memo.Remember(ArticleStore.CountKey("search:" + terms.ToFilterExpression(), filter),
            () => connection.ExecuteScalar<int>($"SELECT count(*) {FromVisibleMatches} {where}", parameters));

        // The page of ids is ranked first, reading only the index; the summaries are read for those ids alone.
        // Only relevance needs the expression that scores exact words apart from stems.
        parameters.Add("Match", order == SearchOrder.Relevance ? terms.ToMatchExpression() : terms.ToFilterExpression());
        parameters.Add("Limit", page.PageSize);
        parameters.Add("Offset", page.Offset);
        var ids = connection.Query<int>($"""
            SELECT a.id, {score} AS score
            {FromVisibleMatches}
            {where}
            ORDER BY score, a.published_at {direction}, a.id {direction}
            LIMIT @Limit OFFSET @Offset
            """, parameters).AsList();
        return (PublicArticles.Summaries(connection, ids, matches.Now), total);
    }

    private sealed class TextRow
    {
        public int Id { get; init; }

        public string Title { get; init; } = "";

        public string? Subtitle { get; init; }

        public string Excerpt { get; init; } = "";

        public string BodyText { get; init; } = "";
    }
}
