using System.Data.Common;
using Dapper;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Http;

namespace NewsApi.Search;

/// <summary>
/// Queries of the full-text index (SQLite's FTS5 table kept in step by triggers, PostgreSQL's tsvectors written by
/// <see cref="SearchIndexWriter"/>; what differs is in <see cref="SearchIndexSql"/>). Only public articles are ever
/// found: <see cref="PublicArticles.IsPublic"/> is applied at query time, so drafts never appear and a scheduled
/// article appears when its time comes.
/// </summary>
public sealed class SearchStore(Database database, ArticleStore articles, ContentMemo memo)
{
    private readonly SearchIndexSql _index = SearchIndexSql.For(database.Engine);

    /// <summary>A page of hits with snippets, and the number of hits on all pages (a lower bound past 10,000).</summary>
    public (IReadOnlyList<SearchHit> Hits, SearchTotal Total) Search(SearchTerms terms, ArticleFilter filter, SearchOrder order, PageRequest page)
    {
        using var connection = database.Open();
        SearchIndexWriter.CatchUp(database, connection);
        using var transaction = _index.BeginQueries(connection);
        var (summaries, total) = Find(connection, transaction, terms, filter, order, page);
        var textSql = $"SELECT a.id AS Id, a.title AS Title, a.subtitle AS Subtitle, a.excerpt AS Excerpt, {StoredBody.TextColumns} FROM articles a WHERE {database.Engine.InIdList("a.id", "@Ids")}";
        var texts = connection.Query<TextRow>(textSql, new { Ids = database.Engine.IdList(summaries.Select(s => s.Id)) }, transaction).ToDictionary(t => t.Id);
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
    /// may change, so every content scope moves on (<see cref="ContentState.RenewEverything"/>) and cached answers and
    /// ETags are renewed.
    /// </summary>
    /// <returns>The number of articles indexed.</returns>
    public int RebuildIndex() => database.Write(write =>
    {
        _index.Rebuild(write);
        ContentState.RenewEverything(write.Connection, write.Transaction);
        return write.Connection.ExecuteScalar<int>("SELECT count(*) FROM articles", transaction: write.Transaction);
    });

    /// <summary>A page of matching article summaries (no snippets), for GET /api/v1/articles?q=.</summary>
    public (IReadOnlyList<ArticleSummary> Items, SearchTotal Total) SearchArticles(SearchTerms terms, ArticleFilter filter, SearchOrder order, PageRequest page)
    {
        using var connection = database.Open();
        SearchIndexWriter.CatchUp(database, connection);
        using var transaction = _index.BeginQueries(connection);
        return Find(connection, transaction, terms, filter, order, page);
    }

    private (IReadOnlyList<ArticleSummary> Items, SearchTotal Total) Find(
        DbConnection connection, DbTransaction? transaction, SearchTerms terms, ArticleFilter filter, SearchOrder order, PageRequest page)
    {
        if (terms.IsEmpty)
        {
            return ([], SearchTotal.Exactly(0));
        }

        // How each step stops early is explained once, beside the rule's constants in SearchIndexSql.
        var matches = articles.Matching(filter);
        var from = $"{_index.FromMatches} WHERE {_index.Condition} AND {matches.Sql}";
        var parameters = matches.Parameters;
        _index.AddTerms(parameters, terms, ranked: false);
        var counted = memo.Remember(ArticleStore.CountKey("search:" + terms.ToFilterExpression(), filter), ArticleScopes.AllLists,
            () => Count(connection, transaction, from, parameters, terms, filter));
        parameters.Add("Limit", page.PageSize);
        parameters.Add("Offset", page.Offset);

        string sql;
        if (order == SearchOrder.Relevance)
        {
            // The page is ranked first, reading only the index; the summaries are read for its ids alone.
            var window = counted > SearchIndexSql.ExactTotalLimit ? SearchIndexSql.CommonRankedCandidates : SearchIndexSql.RankedCandidates;
            var candidates = Math.Max(window, page.Offset + page.PageSize);
            long lowest = 0;
            if (counted > candidates)
            {
                parameters.Add("Candidates", candidates);
                lowest = connection.ExecuteScalar<long?>(_index.LowestCandidate(from), parameters, transaction) ?? 0;
            }

            parameters.Add("LowestCandidate", lowest);
            _index.AddTerms(parameters, terms, ranked: true);
            _index.AddRankStatistics(connection, transaction, parameters, terms, memo);
            sql = _index.RankedPage(from);
        }
        else
        {
            var direction = order == SearchOrder.Oldest ? "ASC" : "DESC";
            sql = _index.DatePage(from, matches.Sql, direction, beyondBound: counted > SearchIndexSql.ExactTotalLimit);
        }

        var ids = connection.Query<int>(sql, parameters, transaction).AsList();
        return (PublicArticles.Summaries(connection, ids, matches.Now, transaction), SearchTotal.Of(counted));
    }

    /// <summary>
    /// The matches counted no further than <see cref="SearchIndexSql.ExactTotalLimit"/> + 1. Counting them joins each to
    /// its article, to test visibility and the filter (some 10 ms of CPU for 10,001 matches on SQLite, measured); the
    /// index alone counts them several times faster. When at most K articles are left out by the filter (drafts,
    /// scheduled ones, those outside a date range), an index holding 10,001 + K matches has at least 10,001 that pass:
    /// the join is left out. K is read cheaply (see <see cref="LeftOutAtMost"/>); otherwise, or when the index holds
    /// fewer, the matches are counted with the join as before.
    /// </summary>
    private int Count(DbConnection connection, DbTransaction? transaction, string from, DynamicParameters parameters, SearchTerms terms, ArticleFilter filter)
    {
        if (LeftOutAtMost(connection, transaction, parameters, filter) is { } leftOut)
        {
            var bound = SearchIndexSql.ExactTotalLimit + 1 + leftOut;
            if (_index.IndexOnlyMatches(connection, transaction, parameters, terms, bound, memo) >= bound)
            {
                return SearchIndexSql.ExactTotalLimit + 1;
            }
        }

        return connection.ExecuteScalar<int>(_index.BoundedCount(from), parameters, transaction);
    }

    /// <summary>
    /// An upper bound on the articles <paramref name="filter"/> leaves out, or null when it may be large (a category,
    /// tag, author or featured filter leaves out most articles) or costs more to bound than the join it would save.
    /// The span of ids bounds how many articles there are (two index reads); the public articles are counted once per
    /// content version (the count the article list remembers), and a date range's two ends are counted up to a bound.
    /// </summary>
    private int? LeftOutAtMost(DbConnection connection, DbTransaction? transaction, DynamicParameters parameters, ArticleFilter filter)
    {
        if (filter.Category is not null || filter.Tag is not null || filter.Author is not null || filter.Featured is not null)
        {
            return null;
        }

        var undated = filter with { From = null, ToExclusive = null, OldestFirst = false };
        var everyPublicArticle = articles.Matching(undated);
        var everyPublic = everyPublicArticle.Sql;
        var span = connection.ExecuteScalar<long?>(
            "SELECT (SELECT max(id) FROM articles) - (SELECT min(id) FROM articles) + 1", transaction: transaction) ?? 0;
        var visible = articles.Count(connection, transaction, undated, everyPublicArticle);
        var leftOut = span - visible;
        // The edge's bound first: SQLite starts its range in the publication index at the first bound it meets, and
        // from @Now down it would read every article to find the few before @From.
        foreach (var outside in new[] { filter.From is null ? null : "a.published_at < @From", filter.ToExclusive is null ? null : "a.published_at >= @To" })
        {
            if (outside is null || leftOut > SearchIndexSql.MaxLeftOut)
            {
                continue;
            }

            leftOut += connection.ExecuteScalar<int>(
                $"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {outside} AND {everyPublic} LIMIT {SearchIndexSql.MaxLeftOut + 1}) AS outside",
                parameters, transaction);
        }

        return leftOut > SearchIndexSql.MaxLeftOut ? null : (int)leftOut;
    }

    private sealed class TextRow
    {
        public int Id { get; init; }

        public string Title { get; init; } = "";

        public string? Subtitle { get; init; }

        public string Excerpt { get; init; } = "";

        public byte[]? Body { get; init; }

        public string? LegacyText { get; init; }

        public string BodyText => StoredBody.Text(Body, LegacyText);
    }
}
