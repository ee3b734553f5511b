using System.Globalization;
using Dapper;
using System.Data.Common;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Text;

namespace NewsApi.Related;

/// <summary>The public article whose related items are asked for.</summary>
public sealed record RelatedSource(int Id, int CategoryId, int? ParentCategoryId)
{
    public static RelatedSource Of(ResolvedArticle article) => new(article.Id, article.CategoryId, article.ParentCategoryId);
}

/// <summary>
/// Related items of an article: the editor's curated links first, then computed related articles.
/// Candidates come from covering indexes only (articles sharing a tag, sharing one of the article's rarest
/// significant words, or in the same category family), each signal capped to its most recent
/// <see cref="CandidatesPerSignal"/> articles, so the cost of a request does not grow with the corpus and no
/// article body is read. Everything returned is public.
/// </summary>
public sealed class RelatedStore(Database database, TimeProvider clock, PublicArticles articles)
{
    /// <summary>Points per tag shared with the article.</summary>
    public const int TagPoints = 3;

    /// <summary>Points for the same category.</summary>
    public const int SameCategoryPoints = 2;

    /// <summary>Points for a parent, child or sibling category.</summary>
    public const int FamilyCategoryPoints = 1;

    /// <summary>Points per shared significant word; one more when both titles have it.</summary>
    public const int WordPoints = 1;

    /// <summary>Most recent candidates read per tag, per word and per category.</summary>
    public const int CandidatesPerSignal = 200;

    /// <summary>The article's words used per request: its rarest ones that another article shares.</summary>
    public const int WordsPerRequest = 12;

    /// <summary>Queued articles a related request indexes itself before answering; the background indexer does the rest.</summary>
    public const int IndexOnRequest = 200;

    /// <summary>The public article <paramref name="slugOrId"/> names, by the rule of <see cref="PublicArticles.Resolve(string)"/>.</summary>
    public RelatedSource? Find(string slugOrId) => articles.Resolve(slugOrId) is { } article ? RelatedSource.Of(article) : null;

    /// <summary>Curated links (public targets only) then computed articles, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RelatedItem> Related(RelatedSource source, int limit)
    {
        IndexPending(IndexOnRequest, waitForTurn: false);
        using var connection = database.OpenPublicRead();

        var items = new List<RelatedItem>();
        var taken = new HashSet<int> { source.Id };
        var curated = connection.Query<CuratedRow>("""
            SELECT target_article_id AS TargetId, title AS Title, url AS Url
            FROM related_links WHERE article_id = @Id ORDER BY position
            """, new { source.Id }).AsList();
        var visible = articles.Summaries(curated.Where(c => c.TargetId is not null).Select(c => c.TargetId!.Value).Distinct().ToList())
            .ToDictionary(a => a.Id);
        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in curated)
        {
            if (link.TargetId is { } target)
            {
                if (visible.TryGetValue(target, out var summary) && taken.Add(target))
                {
                    items.Add(new RelatedArticle(summary, RelatedReasons.Curated));
                }
            }
            else if (urls.Add(link.Url!))
            {
                items.Add(new RelatedLink(link.Title!, link.Url!));
            }
        }

        if (items.Count >= limit)
        {
            return items.Take(limit).ToList();
        }

        var ranked = Rank(connection, source, taken).Take(limit - items.Count).ToList();
        var summaries = articles.Summaries(ranked.Select(r => r.Id).ToList()).ToDictionary(a => a.Id);
        items.AddRange(ranked.Where(r => summaries.ContainsKey(r.Id)).Select(r => new RelatedArticle(summaries[r.Id], r.Reason)));
        return items;
    }

    /// <summary>Every public candidate sharing a signal with the source, best first, deterministically.</summary>
    private IEnumerable<Candidate> Rank(DbConnection connection, RelatedSource source, HashSet<int> excluded)
    {
        var now = Now();
        var engine = database.Engine;
        var candidates = new Dictionary<int, Candidate>();
        Candidate For(int id) => candidates.TryGetValue(id, out var found) ? found : candidates[id] = new Candidate(id);

        var tagIds = connection.Query<long>("SELECT tag_id FROM article_tags WHERE article_id = @Id", new { source.Id });
        foreach (var tagId in tagIds)
        {
            var sql = $"""
                SELECT article_id FROM article_tags WHERE tag_id = @TagId
                ORDER BY article_id DESC LIMIT {CandidatesPerSignal}
                """;
            foreach (var id in connection.Query<int>(sql, new { TagId = tagId }))
            {
                For(id).TagPoints += TagPoints;
            }
        }

        // The article's rarest words that other articles share: they say the most about it, and their lists are short.
        var words = connection.Query<(string Word, bool InTitle)>($"""
            SELECT rw.word, rw.in_title FROM related_words rw JOIN related_word_stats s ON s.word = rw.word
            WHERE rw.article_id = @Id AND s.df > 1
            ORDER BY s.df, rw.word LIMIT {WordsPerRequest}
            """, new { source.Id });
        foreach (var (word, inTitle) in words)
        {
            var sql = $"""
                SELECT article_id, in_title FROM related_words WHERE word = @Word
                ORDER BY article_id DESC LIMIT {CandidatesPerSignal}
                """;
            foreach (var hit in connection.Query<(int Id, bool InTitle)>(sql, new { Word = word }))
            {
                For(hit.Id).WordPoints += WordPoints + (inTitle && hit.InTitle ? 1 : 0);
            }
        }

        // The article's category, and its parent, children and siblings.
        var family = connection.Query<(int Id, int Points)>($"""
            SELECT id, CASE WHEN id = @CategoryId THEN {SameCategoryPoints} ELSE {FamilyCategoryPoints} END
            FROM categories
            WHERE id = @CategoryId OR id = @ParentCategoryId OR parent_id = @CategoryId OR parent_id = @ParentCategoryId
            """, source).ToDictionary(c => c.Id, c => c.Points);
        foreach (var categoryId in family.Keys)
        {
            var sql = $"""
                SELECT a.id FROM articles a{engine.IndexedBy("ix_articles_public_category")}
                WHERE a.category_id = @CategoryId AND {PublicArticles.IsPublic}
                ORDER BY a.published_at DESC, a.id DESC LIMIT {CandidatesPerSignal}
                """;
            foreach (var id in connection.Query<int>(sql, new { CategoryId = categoryId, Now = now }))
            {
                For(id);
            }
        }

        foreach (var id in excluded)
        {
            candidates.Remove(id);
        }

        // Category and recency of every candidate that is public, from a covering index (ids as one parameter);
        // a candidate that is not public gets no facts and drops out.
        var facts = connection.Query<(int Id, int CategoryId, DateTime PublishedAt)>($"""
            SELECT a.id, a.category_id, a.published_at FROM articles a{engine.IndexedBy("ix_articles_related_facts")}
            WHERE {engine.InIdList("a.id", "@Ids")} AND {PublicArticles.IsPublic}
            """,
            new { Ids = engine.IdList(candidates.Keys), Now = now });
        foreach (var (id, categoryId, publishedAt) in facts)
        {
            var candidate = candidates[id];
            candidate.CategoryPoints = family.GetValueOrDefault(categoryId);
            candidate.PublishedAt = publishedAt;
        }

        return candidates.Values
            .Where(c => c.Score > 0 && c.PublishedAt is not null)
            .OrderByDescending(c => c.Score)
            .ThenByDescending(c => c.PublishedAt)
            .ThenByDescending(c => c.Id);
    }

    /// <summary>How many articles wait for their words to be indexed.</summary>
    public int PendingCount()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int>("SELECT count(*) FROM related_words_pending");
    }

    /// <summary>Indexes the significant words of up to <paramref name="max"/> queued articles.</summary>
    /// <returns>How many were indexed.</returns>
    /// <param name="waitForTurn">
    /// False on a reader's request: index only if no one is writing now, else answer from what is indexed already
    /// (the background indexer catches up within seconds).
    /// </param>
    public int IndexPending(int max, bool waitForTurn = true)
    {
        // Checked outside the write turn: a related-articles request calls this, and mostly nothing is queued.
        using (var reader = database.Open())
        {
            if (!reader.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM related_words_pending)"))
            {
                return 0;
            }
        }

        if (waitForTurn)
        {
            return database.Write(write => IndexBatch(write, max));
        }

        using var turn = database.TryBeginWrite();
        if (turn is null)
        {
            return 0;
        }

        try
        {
            var indexed = IndexBatch(turn, max);
            turn.Commit();
            return indexed;
        }
        catch (DbException exception) when (Database.IsTransient(exception))
        {
            // Another indexer's batch overlapped on the word counts (a deadlock PostgreSQL broke): a reader does not
            // wait for a retry, it answers from what is indexed already.
            return 0;
        }
    }

    /// <summary>One batch in the caller's transaction; safe to run again after a rollback.</summary>
    private int IndexBatch(WriteScope write, int max)
    {
        var (connection, transaction, engine) = (write.Connection, write.Transaction, database.Engine);
        // On PostgreSQL the batch is claimed: queue rows another indexer holds are skipped, not waited for or done twice.
        var queued = connection.Query<(int Id, string Title, byte[]? Body, string? LegacyText)>($"""
            SELECT a.id, a.title, {StoredBody.TextColumns} FROM related_words_pending p JOIN articles a ON a.id = p.article_id
            ORDER BY p.article_id LIMIT @max{engine.ClaimSkippingLocked("p")}
            """, new { max }, transaction).AsList();
        if (queued.Count == 0)
        {
            return 0;
        }

        var ids = new { Ids = engine.IdList(queued.Select(q => q.Id)) };
        connection.Execute($"DELETE FROM related_words WHERE {engine.InIdList("article_id", "@Ids")}", ids, transaction);
        // In word order across the batch: the insert moves each word's shared count (related_word_stats), and indexers
        // that lock those rows in one order wait for each other on PostgreSQL instead of deadlocking.
        var words = queued.SelectMany(q => RelatedWords.Of(q.Title, StoredBody.Text(q.Body, q.LegacyText)).Select(w => (w.Word, q.Id, w.InTitle)))
            .OrderBy(row => row.Word, StringComparer.Ordinal).ThenBy(row => row.Id).ToList();
        if (engine == DatabaseEngine.Postgres)
        {
            // One statement, so the per-statement trigger of postgres migration 0013 moves each word's count once.
            connection.Execute(
                "INSERT INTO related_words (word, article_id, in_title) SELECT * FROM unnest(@Words, @Ids, @InTitles) ORDER BY 1, 2",
                new { Words = words.Select(w => w.Word).ToArray(), Ids = words.Select(w => (long)w.Id).ToArray(), InTitles = words.Select(w => w.InTitle).ToArray() },
                transaction);
        }
        else
        {
            // SQLite runs the prepared statement in-process, row by row, and its per-row count trigger costs little.
            connection.Execute(
                "INSERT INTO related_words (word, article_id, in_title) VALUES (@Word, @Id, @InTitle)",
                words.Select(w => new { w.Word, w.Id, w.InTitle }), transaction);
        }

        connection.Execute($"DELETE FROM related_words_pending WHERE {engine.InIdList("article_id", "@Ids")}", ids, transaction);
        return queued.Count;
    }

    private DateTime Now() => Timestamps.ToDb(clock.GetUtcNow());

    private sealed class CuratedRow
    {
        public int? TargetId { get; init; }

        public string? Title { get; init; }

        public string? Url { get; init; }
    }

    private sealed class Candidate(int id)
    {
        public int Id { get; } = id;

        public int TagPoints { get; set; }

        public int CategoryPoints { get; set; }

        public int WordPoints { get; set; }

        public DateTime? PublishedAt { get; set; }

        public int Score => TagPoints + CategoryPoints + WordPoints;

        /// <summary>The signal that weighed most; on a tie, tags before category before text.</summary>
        public string Reason =>
            TagPoints >= CategoryPoints && TagPoints >= WordPoints ? RelatedReasons.Tags
            : CategoryPoints >= WordPoints ? RelatedReasons.Category
            : RelatedReasons.Text;
    }
}
