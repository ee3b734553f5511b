using System.Data.Common;
using Dapper;
using NewsApi.Data;

namespace NewsApi.Search;

/// <summary>
/// What differs between the engines' full-text indexes, for <see cref="SearchStore"/>: where matches come from, the
/// condition that every term matches, the relevance score (lower is better on both) and rebuilding. Everything
/// else about a search — visibility, filters, paging, order, snippets — is the same SQL and C# on both engines.
/// </summary>
internal abstract class SearchIndexSql
{
    public static SearchIndexSql For(DatabaseEngine engine) => engine == DatabaseEngine.Postgres ? new Tsvector() : new Fts5();

    /// <summary>The index joined to <c>articles a</c>.</summary>
    public abstract string FromMatches { get; }

    /// <summary>Every term matches, exactly or by a stem: on @Match.</summary>
    public abstract string Condition { get; }

    /// <summary>Relevance, lower first: title above lead and tags above body, exact above stemmed.</summary>
    public abstract string Rank { get; }

    /// <summary>Adds @Match (and what <see cref="Rank"/> reads when <paramref name="ranked"/>).</summary>
    public abstract void AddTerms(DynamicParameters parameters, SearchTerms terms, bool ranked);

    /// <summary>
    /// Adds what <see cref="Rank"/> reads besides the terms and the matched rows: on SQLite, how many documents of the
    /// index hold each phrase (<see cref="Fts5Bm25"/>), remembered in <paramref name="memo"/> per version of the index.
    /// </summary>
    public virtual void AddRankStatistics(DbConnection connection, DbTransaction? transaction, DynamicParameters parameters, SearchTerms terms, ContentMemo memo)
    {
    }

    /// <summary>Empties the index and fills it from every article, inside <paramref name="write"/>.</summary>
    public abstract void Rebuild(WriteScope write);

    /// <summary>The matched article's id as the index holds it, so that a bound on it narrows the index's own scan.</summary>
    public abstract string MatchId { get; }

    /// <summary>
    /// The index matches article <c>a</c>, on @Match (the filter form): a probe of one article, for walking the articles
    /// in publication order and stopping after a page rather than reading every match.
    /// </summary>
    public abstract string ContainsArticle { get; }

    // Search that stops early: one rule for both engines, explained here once.
    //
    // Totals. A search counts its matches only up to ExactTotalLimit + 1 (the count stops there) and reports 10,000 and
    // totalItemsRelation "gte" beyond, as Elasticsearch's track_total_hits does: a word in 90 % of a large archive no
    // longer costs a count of every match. When few articles are left out by visibility and the filters, the index alone
    // settles it, without joining each match to its article (IndexOnlyCount; the bound in SearchStore.Count). Otherwise
    // PostgreSQL counts every match, through GIN: see its BoundedCount.
    //
    // Relevance. A search with more than RankedCandidates matches (or more than its page reaches, if deeper) ranks only
    // the RankedCandidates (CommonRankedCandidates past ExactTotalLimit) matches most recently added to the archive — those with the highest article ids, which is the
    // order a newsroom writes its news in — and scores nothing else: FTS5 reads its doclists from the highest id down
    // until it has them (PostgreSQL reads the matches through GIN, which reads no tsvector, and keeps the highest ids),
    // then scores the matches at or above the lowest of them (FTS5 seeks its doclists to that rowid; PostgreSQL reads the
    // vectors of those alone). Ids are used rather than publication times
    // because the full-text index is ordered by id on both engines: "the newest N by publication time" would have to read
    // every match to find them, which is what this avoids. A query with fewer matches is ranked over all of them, exactly
    // as before, by bm25 on SQLite and ts_rank on PostgreSQL.
    //
    // Date order. With at most ExactTotalLimit matches they are read from the index and sorted (a bounded cost). With
    // more, a common word, the public articles are walked in publication order through their index and each is probed
    // against the full-text index (ContainsArticle) until the page is full: the more common the word, the sooner it stops.
    // PostgreSQL reads the matches through GIN and sorts them either way (see its DatePage).

    /// <summary>Totals are exact up to this many matches, then a lower bound (<c>totalItemsRelation</c> <c>gte</c>).</summary>
    public const int ExactTotalLimit = 10_000;

    /// <summary>How many of a common query's matches relevance ranks: the ones most recently added (highest ids).</summary>
    public const int RankedCandidates = 1_000;

    /// <summary>
    /// How many of a very common query's matches relevance ranks, when they are more than <see cref="ExactTotalLimit"/>:
    /// scoring costs some 10 µs a match on SQLite (bm25 over eight columns), so a word in most articles is ranked among
    /// its 200 most recently added matches rather than 1,000 (a page that reaches deeper widens it, as before).
    /// </summary>
    public const int CommonRankedCandidates = 200;

    /// <summary>
    /// Matches counted in the index alone, without the join to <c>articles</c> (so without visibility or filters), no
    /// further than @Bound; null where that is no cheaper than the join.
    /// </summary>
    protected virtual string? IndexOnlyCount => null;

    /// <summary>
    /// How many matches of @Match the index alone holds (drafts included, no filter), counted at least as far as
    /// <paramref name="bound"/> (at most <see cref="IndexOnlyCountLimit"/>); null where the engine has no such count
    /// cheaper than the join.
    /// </summary>
    public virtual int? IndexOnlyMatches(DbConnection connection, DbTransaction? transaction, DynamicParameters parameters, SearchTerms terms, int bound, ContentMemo memo) =>
        IndexOnlyCount is null ? null : CountInIndex(connection, transaction, parameters, bound);

    protected int CountInIndex(DbConnection connection, DbTransaction? transaction, DynamicParameters parameters, int bound)
    {
        parameters.Add("Bound", bound);
        return connection.ExecuteScalar<int>(IndexOnlyCount!, parameters, transaction);
    }

    /// <summary>
    /// The furthest an index-only count need go: the exact limit's bound plus the most articles a filter may leave out
    /// for the count to be settled by the index alone (<see cref="SearchStore"/>).
    /// </summary>
    public const int IndexOnlyCountLimit = ExactTotalLimit + 1 + MaxLeftOut;

    /// <summary>
    /// Beyond this many articles left out by visibility and the filters, walking 10,001 + K matches of the index costs
    /// about what the join does.
    /// </summary>
    public const int MaxLeftOut = 2_000;

    /// <summary>How many matches there are, counted no further than <see cref="ExactTotalLimit"/> + 1.</summary>
    public virtual string BoundedCount(string from) => $"""
        SELECT count(*) FROM (SELECT 1 AS one {from} LIMIT {ExactTotalLimit + 1}) AS bounded
        """;

    /// <summary>The lowest id among the @Candidates matches with the highest ids, read from the top of the index down.</summary>
    public string LowestCandidate(string from) => $"""
        SELECT min(id) FROM (SELECT {MatchId} AS id {from} ORDER BY {MatchId} DESC LIMIT @Candidates) AS candidates
        """;

    /// <summary>One page of the matches whose id is at least @LowestCandidate, by <see cref="Rank"/>, then newer first.</summary>
    public string RankedPage(string from) => $"""
        SELECT a.id, {Rank} AS score
        {from} AND {MatchId} >= @LowestCandidate
        ORDER BY score, a.published_at DESC, a.id DESC
        LIMIT @Limit OFFSET @Offset
        """;

    /// <summary>
    /// One page in publication order: the matches read from the index and sorted when they are at most
    /// <see cref="ExactTotalLimit"/> (<paramref name="beyondBound"/> false), else the public articles
    /// (<paramref name="publicArticles"/>, a condition on <c>a</c>) walked in that order and each probed.
    /// </summary>
    public virtual string DatePage(string from, string publicArticles, string direction, bool beyondBound) =>
        beyondBound ? DatePageByWalk(publicArticles, direction) : DatePageOfMatches(from, direction);

    /// <summary>One page of every match in publication order, read from the index and sorted: for a bounded number of matches.</summary>
    protected static string DatePageOfMatches(string from, string direction) => $"""
        SELECT a.id
        {from}
        ORDER BY a.published_at {direction}, a.id {direction}
        LIMIT @Limit OFFSET @Offset
        """;

    /// <summary>One page in publication order, walking the public articles (<paramref name="articles"/>) and probing each.</summary>
    private string DatePageByWalk(string articles, string direction) => $"""
        SELECT a.id
        FROM articles a
        WHERE {articles} AND {ContainsArticle}
        ORDER BY a.published_at {direction}, a.id {direction}
        LIMIT @Limit OFFSET @Offset
        """;

    /// <summary>What a search's queries run in, on the connection they use: null, or a transaction that sets them up.</summary>
    public virtual DbTransaction? BeginQueries(DbConnection connection) => null;

    /// <summary>
    /// bm25's weights by column on SQLite: title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem. A title
    /// outweighs the lead and tags, which outweigh the body; each exact column outweighs its stem column, and an exact
    /// match scores in both, so it ranks above a stemmed match in the same field, other things equal.
    /// </summary>
    internal const string Fts5ColumnWeights = "10.0, 6.0, 4.0, 2.5, 1.0, 0.6, 4.0, 2.5";

    /// <summary>SQLite: the FTS5 table of migration 0002, eight columns (each field exact and stemmed), bm25.</summary>
    private sealed class Fts5 : SearchIndexSql
    {
        // Matches joined to articles through the narrow covering index of migration 0002, so checking visibility and
        // the filters of thousands of matches reads a few index pages rather than thousands of wide article rows.
        public override string FromMatches => """
            FROM search_index
            JOIN articles a INDEXED BY ix_articles_search_visibility ON a.id = search_index.rowid
            """;

        public override string Condition => "search_index MATCH @Match";

        // The doclists alone: some 0.15 µs a match against 1 µs for the seek into articles that the join adds.
        protected override string? IndexOnlyCount => """
            SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH @Match LIMIT @Bound) AS bounded
            """;

        // A statistic of the index, as the document counts below are: remembered per version of the index and per
        // expression, counted once to the furthest bound any filter asks for, so the searches for a word share it whatever
        // their filters (12,001 doclist entries with their positions were a common word's largest query).
        public override int? IndexOnlyMatches(DbConnection connection, DbTransaction? transaction, DynamicParameters parameters, SearchTerms terms, int bound, ContentMemo memo) =>
            memo.Remember($"matches:{IndexVersion(connection, transaction)}:{terms.ToFilterExpression()}", [],
                () => CountInIndex(connection, transaction, parameters, IndexOnlyCountLimit));

        public override string MatchId => "search_index.rowid";

        public override string ContainsArticle => "EXISTS (SELECT 1 FROM search_index WHERE search_index MATCH @Match AND search_index.rowid = a.id)";

        public override string Rank => $"{Fts5Bm25.FunctionName}(search_index, @DocumentCounts, {Fts5ColumnWeights})";

        // Document counts are statistics of the whole index, drafts included, as bm25 reads them; so they are remembered
        // per version of the index itself, not of public content (a draft's save moves no public scope). FTS5 rewrites
        // its structure record (search_index_data, id 10: the segments and a counter of segments written) whenever a
        // transaction changes the index, so that record, hashed, is the index's version: one read of one row. A count
        // is of the phrase alone, with its columns, which is what bm25 counts (xQueryPhrase); they are remembered per
        // expression (one memo look-up a search), which any search for the same words shares, whatever its filters.
        public override void AddRankStatistics(DbConnection connection, DbTransaction? transaction, DynamicParameters parameters, SearchTerms terms, ContentMemo memo)
        {
            // The key holds the index's version, so no content scope need move the entry on (with the lists' scope, every
            // approved comment made the next search count every phrase's documents again, though the index had not changed).
            var counts = memo.Remember($"documents-with:{IndexVersion(connection, transaction)}:{terms.ToMatchExpression()}", [],
                () => (IReadOnlyList<long>)terms.RankedPhrases().Select(phrase => connection.ExecuteScalar<long>(
                    "SELECT count(*) FROM search_index WHERE search_index MATCH @Phrase", new { Phrase = phrase }, transaction)).ToList().AsReadOnly());
            parameters.Add("DocumentCounts", Fts5Bm25.Encode(counts));
        }

        private static string IndexVersion(DbConnection connection, DbTransaction? transaction)
        {
            var structure = connection.ExecuteScalar<byte[]>("SELECT block FROM search_index_data WHERE id = 10", transaction: transaction) ?? [];
            return Convert.ToHexString(System.IO.Hashing.XxHash128.Hash(structure));
        }

        // Only relevance needs the expression that scores exact words apart from stems; it finds the same articles.
        public override void AddTerms(DynamicParameters parameters, SearchTerms terms, bool ranked) =>
            parameters.Add("Match", ranked ? terms.ToMatchExpression() : terms.ToFilterExpression());

        public override void Rebuild(WriteScope write) => write.Connection.Execute("""
            INSERT INTO search_index (search_index) VALUES ('delete-all');
            INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
            SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents;
            INSERT INTO search_index (search_index) VALUES ('optimize');
            """, transaction: write.Transaction);
    }

    /// <summary>
    /// PostgreSQL: one row per article with an exact and a stemmed tsvector (postgres migration 0001, written by
    /// <see cref="SearchIndexWriter"/>). Queries are built from the terms' lexemes, each quoted, and cast to tsquery:
    /// nothing a reader types is ever tsquery syntax.
    /// </summary>
    private sealed class Tsvector : SearchIndexSql
    {
        // ts_rank weights {D, C, B, A}: body, (unused), subtitle/excerpt/tags, title — bm25's 1 : 4 : 10 on SQLite.
        private const string Weights = "'{0.1, 0.2, 0.4, 1.0}'";

        public override string FromMatches => """
            FROM search_index s
            JOIN articles a ON a.id = s.article_id
            """;

        // Every exact word is also a stem match, so the stems alone decide which articles match (GIN on stemmed).
        public override string Condition => "s.stemmed @@ CAST(@Match AS tsquery)";

        public override string MatchId => "s.article_id";

        // GIN alone, no join and no tsvector read (a bitmap of the matches, each row's visibility checked): some 5 ms
        // for 10,001 matches of a common word where the join to articles costs over 100 ms (EXPLAIN ANALYZE, 100,000
        // articles).
        protected override string? IndexOnlyCount => """
            SELECT count(*) FROM (SELECT 1 FROM search_index s WHERE s.stemmed @@ CAST(@Match AS tsquery) LIMIT @Bound) AS bounded
            """;

        public override string ContainsArticle => "EXISTS (SELECT 1 FROM search_index s WHERE s.article_id = a.id AND s.stemmed @@ CAST(@Match AS tsquery))";

        // Unless the index alone settles it (IndexOnlyCount), every match is counted, through GIN, and the total reported
        // as the rule says. Beside a LIMIT the planner prefers
        // to walk the primary key and test each row's tsvector, which it prices as nothing but which reads the vector out
        // of line (150 to 250 µs a row, measured): a count stopped at 10,001 that way costs seconds, where GIN reads no
        // vector. Fencing the matches in a subquery (OFFSET 0) kept GIN but then joined the articles row by row.
        public override string BoundedCount(string from) => $"""
            SELECT least(count(*), {ExactTotalLimit + 1}) {from}
            """;

        // Probing one article's tsvector reads it out of line (150 to 250 µs), so walking the articles in publication order
        // costs more than reading every match through GIN, which reads no vector, and sorting them: always the latter.
        public override string DatePage(string from, string publicArticles, string direction, bool beyondBound) =>
            DatePageOfMatches(from, direction);

        // ts_rank reads each match's two tsvectors (some 10 KB each, stored out of line), about 60 µs an article, which is
        // why only a common word's candidates are scored (see RankedCandidates).
        // Each term's exact and stemmed scores add up, stems at 0.6 of exact as bm25's column weights on SQLite;
        // negated so that lower is better, as bm25 is.
        public override string Rank => $"""
            -(ts_rank({Weights}, s.exact, CAST(@Exact AS tsquery)) + 0.6 * ts_rank({Weights}, s.stemmed, CAST(@Stems AS tsquery)))
            """;

        public override void AddTerms(DynamicParameters parameters, SearchTerms terms, bool ranked)
        {
            parameters.Add("Match", string.Join(" & ", terms.Terms.Select(term => "(" + AnyOf(term.Stems) + ")")));
            if (ranked)
            {
                parameters.Add("Exact", AnyOf(terms.Terms.Select(term => term.Exact)));
                parameters.Add("Stems", AnyOf(terms.Terms.SelectMany(term => term.Stems)));
            }
        }

        /// <summary>
        /// PostgreSQL prices a match by the rows it expects, not by reading each row's out-of-line tsvector, so for a
        /// common word it prefers reading the whole index table (3.3 s at 100,000 articles) to the GIN index (0.3 s).
        /// Sequential scans are switched off for the search's own read-only transaction, where only these queries run.
        /// Each query is also planned for its own words: Npgsql prepares repeated statements, and PostgreSQL's generic
        /// plan for them, blind to how common a word is, took 30 to 60 ms for a word in one article (0.1 ms planned for
        /// it: EXPLAIN ANALYZE, 100,000 articles) once a common word's searches had made it the cheaper guess.
        /// </summary>
        public override DbTransaction? BeginQueries(DbConnection connection)
        {
            var transaction = connection.BeginTransaction();
            connection.Execute("SET TRANSACTION READ ONLY; SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = force_custom_plan", transaction: transaction);
            return transaction;
        }

        private static string AnyOf(IEnumerable<string> lexemes) =>
            string.Join(" | ", lexemes.Distinct(StringComparer.Ordinal).Select(lexeme => "'" + SearchIndexWriter.Escape(lexeme) + "'"));

        // Readers keep the old index until this commits (MVCC).
        public override void Rebuild(WriteScope write)
        {
            write.Connection.Execute("""
                DELETE FROM search_index;
                INSERT INTO search_index_pending (article_id) SELECT id FROM articles ON CONFLICT (article_id) DO NOTHING;
                """, transaction: write.Transaction);
            SearchIndexWriter.Flush(write.Connection, write.Transaction);
        }
    }
}
