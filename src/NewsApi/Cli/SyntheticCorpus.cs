using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dapper;
using System.Data.Common;
using NewsApi.Data;
using NewsApi.Text;
using Npgsql;
using NpgsqlTypes;

namespace NewsApi.Cli;

/// <summary>
/// <c>seed --generate N</c>: a deterministic synthetic corpus of Arabic articles for benchmarks. Prose comes from a
/// word-bigram chain trained on the demo articles, so it reads like news vocabulary (not lorem ipsum) and the
/// same N always gives the same corpus, on either engine: the corpus is drawn here, and only writing a batch of it
/// differs (<see cref="SqliteBatches"/>: one prepared statement per table; <see cref="PostgresBatches"/>: binary COPY).
/// </summary>
public sealed class SyntheticCorpus(Database database, TimeProvider clock)
{
    /// <summary>
    /// PostgreSQL plans with table statistics that autovacuum gathers some time after a bulk load; until then the
    /// first list pages were planned as if the tables were empty (15 req/s against 1,200 once analysed, measured right
    /// after generating 100,000 articles). So generation ends by gathering them. It vacuums as well: the bulk load left
    /// the full-text GIN indexes with hundreds of pages of unmerged pending list, which every search read (some 7 ms
    /// for a word in one article) until autovacuum merged them, and the visibility map empty, so no index-only scan.
    /// SQLite keeps no statistics unless ANALYZE is run, and its plans here do not depend on them.
    /// </summary>
    public void UpdatePlannerStatistics()
    {
        if (database.Engine == DatabaseEngine.Postgres)
        {
            using var connection = database.Open();
            // Text, not Dapper's guess: a one-word command would be sent as a procedure call. VACUUM runs outside a transaction.
            connection.Execute("VACUUM (ANALYZE)", commandTimeout: 0, commandType: System.Data.CommandType.Text);
        }
    }

    private const int BatchSize = 2_000;
    private const int Seed = 20241129;

    public int Generate(int count, Action<int, int>? progress = null)
    {
        var random = new Random(Seed);
        var chain = WordChain.FromDemoContent(database);
        List<long> categories;
        int firstOrdinal;
        using (var connection = database.Open())
        {
            categories = connection.Query<long>("SELECT id FROM categories ORDER BY id").AsList();
            firstOrdinal = connection.ExecuteScalar<int>("SELECT count(*) FROM articles") + 1;
        }

        if (categories.Count == 0)
        {
            throw new InvalidOperationException("No categories: run 'seed' (the demo content) first.");
        }

        var authors = EnsureAuthors(chain, random);
        var tags = EnsureTags(chain, random);
        var start = clock.GetUtcNow().AddDays(-1);
        var postgres = database.Engine == DatabaseEngine.Postgres;
        IBatchWriter batches = postgres ? new PostgresBatches(database) : new SqliteBatches(database);
        var (drawing, preparing, writing, waiting) = (new Stopwatch(), new Stopwatch(), new Stopwatch(), new Stopwatch());

        // The next batch is drawn and prepared while this one is written: the writer is one thread (SQLite's one
        // writer; PostgreSQL's one COPY), the other core prepares. One task at a time draws, in order, so the corpus
        // stays the same for the same N.
        List<CorpusArticle> Next(int from)
        {
            drawing.Start();
            var batch = new List<CorpusArticle>(BatchSize);
            for (var done = from; done < Math.Min(count, from + BatchSize); done++)
            {
                var ordinal = firstOrdinal + done;
                var article = chain.Article(random);
                // One article every ~15 minutes up to a day ago, oldest first in insertion order, so that ids rise with
                // publication time as a newsroom's do (search ranks a common word's most recently added matches: with
                // the newest first, a million-article corpus gave it the oldest, from 1998).
                var at = Timestamps.ToDb(start.AddMinutes(-15.0 * (count - 1 - done) - random.Next(0, 14)));
                var row = new CorpusArticle(
                    Slugs.WithSuffix(Slugs.FromTitle(article.Title), ordinal), article,
                    Math.Max(1, (int)Math.Ceiling(article.WordCount / 200.0)),
                    categories[random.Next(categories.Count)], authors[random.Next(authors.Count)], at);

                var tagCount = random.Next(1, 5);
                for (var position = 0; position < tagCount; position++)
                {
                    // Squared draw: a few tags are common, most are rare, as on a real site. A tag drawn twice keeps its first position.
                    var tag = tags[(int)(Math.Pow(random.NextDouble(), 2) * tags.Count)];
                    if (!row.Tags.Exists(t => t.Tag == tag))
                    {
                        row.Tags.Add((tag, position));
                    }
                }

                if (random.Next(5) == 0)
                {
                    for (var c = random.Next(1, 4); c > 0; c--)
                    {
                        row.Comments.Add(new CorpusComment(chain.Words(random, 2), $"reader{random.Next(10_000)}@example.com", chain.Sentence(random, 12)));
                    }
                }

                batch.Add(row);
            }

            drawing.Stop();

            // What costs CPU per article and needs nothing from the database, on every core: the stored body, and
            // on SQLite the search fields and related words the batch writes itself (see SqliteBatches).
            preparing.Start();
            Parallel.ForEach(batch, row => row.Prepare(searchFields: !postgres));
            preparing.Stop();
            return batch;
        }

        var next = Task.Run(() => Next(0));
        for (var done = 0; done < count;)
        {
            waiting.Start();
            var batch = next.GetAwaiter().GetResult();
            waiting.Stop();
            done += batch.Count;
            var from = done;
            next = done < count ? Task.Run(() => Next(from)) : Task.FromResult(new List<CorpusArticle>());

            writing.Start();
            batches.Write(batch);
            writing.Stop();
            progress?.Invoke(done, count);
        }

        Stages = $"drawing the prose {drawing.Elapsed.TotalSeconds:F1} s and preparing bodies, search fields and related words "
            + $"{preparing.Elapsed.TotalSeconds:F1} s (in parallel, while the previous batch is written), writing {writing.Elapsed.TotalSeconds:F1} s"
            + $"{batches.Profile}, waiting for a batch to be ready {waiting.Elapsed.TotalSeconds:F1} s";
        return count;
    }

    /// <summary>Where the last <see cref="Generate"/> spent its time, stage by stage (the profile README quotes).</summary>
    public string Stages { get; private set; } = "";

    private List<long> EnsureAuthors(WordChain chain, Random random)
    {
        using var connection = database.Open();
        for (var i = connection.ExecuteScalar<int>("SELECT count(*) FROM authors"); i < 30; i++)
        {
            var name = chain.Words(random, 2) + " " + i;
            database.Write(write =>
            {
                var writer = Writer(write);
                writer.InsertAuthor(name, writer.UniqueSlug(ContentWriter.Authors, name), null);
            });
        }

        return connection.Query<long>("SELECT id FROM authors ORDER BY id").AsList();
    }

    private List<long> EnsureTags(WordChain chain, Random random)
    {
        using var connection = database.Open();
        for (var i = connection.ExecuteScalar<int>("SELECT count(*) FROM tags"); i < 300; i++)
        {
            var name = chain.Words(random, random.Next(1, 3));
            database.Write(write =>
            {
                var writer = Writer(write);
                writer.InsertTag(name, writer.UniqueSlug(ContentWriter.Tags, name));
            });
        }

        return connection.Query<long>("SELECT id FROM tags ORDER BY id").AsList();
    }

    private ContentWriter Writer(WriteScope write) => new(write.Connection, write.Transaction, Timestamps.ToDb(clock.GetUtcNow()));

    /// <summary>One generated article as stored: published, with its tags (id, position) and approved comments.</summary>
    private sealed record CorpusArticle(string Slug, GeneratedArticle Content, int Minutes, long Category, long Author, DateTime At)
    {
        public List<(long Tag, int Position)> Tags { get; } = [];

        public List<CorpusComment> Comments { get; } = [];

        public byte[] Body { get; private set; } = [];

        /// <summary>title, title_stem, lead, lead_stem, body, body_stem of the search index (SQLite only).</summary>
        public string[] SearchFields { get; private set; } = [];

        public IReadOnlyList<Related.SignificantWord> Words { get; private set; } = [];

        /// <param name="searchFields">SQLite's: PostgreSQL's index rows are written by its <see cref="Search.SearchIndexWriter"/>.</param>
        public void Prepare(bool searchFields)
        {
            Body = StoredBody.Encode(Content.Html, Content.Blocks);
            Words = Related.RelatedWords.Of(Content.Title, Content.PlainText);
            if (searchFields)
            {
                SearchFields = SearchDocumentFields(Content.Title, null, Content.Excerpt, Content.PlainText);
            }
        }
    }

    /// <summary>
    /// An article's text columns of SQLite's search index, as its view search_documents (migration 0017) computes them
    /// with news_normalize and news_stem; the tag columns are left to the view's own subquery. A test holds the two equal.
    /// </summary>
    public static string[] SearchDocumentFields(string title, string? subtitle, string excerpt, string bodyText)
    {
        var lead = (subtitle ?? "") + " " + excerpt;
        return
        [
            SearchWords.IndexForm(title), SearchWords.StemForm(title),
            SearchWords.IndexForm(lead), SearchWords.StemForm(lead),
            SearchWords.IndexForm(bodyText), SearchWords.StemForm(bodyText),
        ];
    }

    private sealed record CorpusComment(string Name, string Email, string Body);

    /// <summary>Writes one batch of the corpus in one transaction: the one thing about the corpus that differs per engine.</summary>
    private interface IBatchWriter
    {
        void Write(IReadOnlyList<CorpusArticle> batch);

        /// <summary>Where writing spent its time, by part; empty when the writer does not measure it.</summary>
        string Profile => "";
    }

    /// <summary>
    /// SQLite: prepared statements on one connection, one transaction per batch, with the per-row triggers of the
    /// tables written set aside (<see cref="TriggersSetAside"/>) and their work done here instead, each once: the
    /// search index row and related words come computed from <see cref="CorpusArticle.Prepare"/> (in parallel, before
    /// the write turn), the words' article counts and the content scopes are moved set-wise at the end of the batch.
    /// Per row, the search triggers normalised and stemmed an article's body four times (its insert and each tag row),
    /// and the freshness triggers moved content_state and the site-wide scopes thousands of times per batch.
    /// Webhook triggers stay: a subscriber to article.published hears of every generated article, as before.
    /// </summary>
    private sealed class SqliteBatches(Database database) : IBatchWriter
    {
        private readonly Stopwatch _rows = new(), _index = new(), _words = new(), _setWise = new(), _commit = new();

        public string Profile =>
            $" (articles, tags and comments {_rows.Elapsed.TotalSeconds:F1} s, search index rows {_index.Elapsed.TotalSeconds:F1} s, "
            + $"related words {_words.Elapsed.TotalSeconds:F1} s, counts and scopes set-wise {_setWise.Elapsed.TotalSeconds:F1} s, "
            + $"commit {_commit.Elapsed.TotalSeconds:F1} s)";

        private static readonly string[] Webhooks = ["trg_articles_insert_webhooks", "trg_comments_insert_webhooks"];
        private static readonly string[] Tables = ["articles", "article_tags", "comments", "related_words"];

        public void Write(IReadOnlyList<CorpusArticle> batch)
        {
            database.Write(write => WriteBatch(write, batch));
            _commit.Stop();
        }

        private void WriteBatch(WriteScope write, IReadOnlyList<CorpusArticle> batch)
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            // The articles table's ten indexes take their pages in random places (slugs, published times): 2 MB of page
            // cache (the default) sends most inserts to the OS for a page. 256 MB for this command's writer.
            connection.Execute("PRAGMA cache_size = -262144", transaction: transaction);
            var setAside = Tables.Select(table => TriggersSetAside.SetAside(connection, transaction, table, TriggerEvent.Insert, Webhooks)).ToList();
            using var insertArticle = Prepare(connection, transaction, $"""
                INSERT INTO articles (slug, title, excerpt, body, body_html, body_blocks, body_text, word_count, reading_time_minutes,
                                      category_id, author_id, status, published_at, comments_open, created_at, updated_at)
                VALUES ($slug, $title, $excerpt, $body, {StoredBody.EmptyLegacyValues}, $words, $minutes, $category, $author, 'published', $at, 1, $at, $at)
                RETURNING id
                """, "$slug", "$title", "$excerpt", "$body", "$words", "$minutes", "$category", "$author", "$at");
            using var insertTag = Prepare(connection, transaction,
                "INSERT INTO article_tags (article_id, tag_id, position) VALUES ($article, $tag, $position)", "$article", "$tag", "$position");
            using var insertComment = Prepare(connection, transaction, """
                INSERT INTO comments (article_id, author_name, author_email, body, status, created_at, updated_at)
                VALUES ($article, $name, $email, $body, 'approved', $at, $at)
                """, "$article", "$name", "$email", "$body", "$at");
            // The tag columns as search_documents computes them, from the tag rows just written.
            using var index = Prepare(connection, transaction, """
                INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
                SELECT $article, $title, $title_stem, $lead, $lead_stem, $body, $body_stem, news_normalize(names), news_stem(names)
                FROM (SELECT group_concat(t.name, ' ') AS names FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = $article)
                """, "$article", "$title", "$title_stem", "$lead", "$lead_stem", "$body", "$body_stem");

            var firstIdOfBatch = connection.ExecuteScalar<long>("SELECT coalesce(max(id), 0) + 1 FROM articles", transaction: transaction);
            var ids = new List<long>(batch.Count);
            foreach (var row in batch)
            {
                _rows.Start();
                var at = Timestamps.ToText(row.At);
                var article = row.Content;
                var id = (long)Run(insertArticle,
                    row.Slug, article.Title, article.Excerpt, row.Body, article.WordCount, row.Minutes, row.Category, row.Author, at)!;
                foreach (var (tag, position) in row.Tags)
                {
                    Run(insertTag, id, tag, position);
                }

                foreach (var comment in row.Comments)
                {
                    Run(insertComment, id, comment.Name, comment.Email, comment.Body, at);
                }

                _rows.Stop();
                _index.Start();
                Run(index, [id, .. row.SearchFields]);
                _index.Stop();
                ids.Add(id);
            }

            // The related words of the whole batch in one statement, in the table's key order (word, article), instead
            // of one prepared insert per word (some 22 an article): the stage took 8.0 s of the writer's time for 6,000
            // articles that way and 3.2 s this way, the same rows (README, Performance, 2026-12-07).
            _words.Start();
            var words = batch.SelectMany((row, i) => row.Words.Select(w => (w.Word, Id: ids[i], w.InTitle)))
                .OrderBy(w => w.Word, StringComparer.Ordinal).ThenBy(w => w.Id);
            connection.Execute(
                "INSERT INTO related_words (word, article_id, in_title) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@words)",
                new { words = WordsJson(words) }, transaction);
            _words.Stop();

            _setWise.Start();

            // What the related_words insert trigger counts per row, once per word for the batch. The batch's rows are
            // read through their article index: left to itself, SQLite scanned the whole table in its key order for the
            // GROUP BY: 157 ms a batch at 100,000 articles against 19 ms, and most of the 932 s this stage took in the
            // million-article run (7,324 s in all, README Performance).
            connection.Execute("""
                INSERT INTO related_word_stats (word, df)
                SELECT word, count(*) FROM related_words INDEXED BY ix_related_words_article
                WHERE article_id >= @firstIdOfBatch GROUP BY word
                ON CONFLICT (word) DO UPDATE SET df = df + excluded.df
                """, new { firstIdOfBatch }, transaction);

            // What the suggestion trigger (migration 0016) writes per row: the title's prefix keys.
            connection.Execute("""
                INSERT OR IGNORE INTO suggestion_keys (phrase, article_id)
                SELECT keys.value, a.id FROM articles a, json_each(news_suggestion_keys(a.title)) AS keys WHERE a.id >= @firstIdOfBatch
                """, new { firstIdOfBatch }, transaction);

            // What the freshness triggers would have done per row, once: one new content version, and the scopes of
            // every new article, its comments, the lists it is in and the directory at that version (each article
            // scope records its sync change through content_scopes' own trigger, which stays).
            connection.Execute("""
                UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
                INSERT INTO content_scopes (scope, version, changed_at)
                SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
                    SELECT 'article-' || a.id AS scope FROM articles a WHERE a.id >= @firstIdOfBatch
                    UNION SELECT 'comments-' || a.id FROM articles a WHERE a.id >= @firstIdOfBatch
                    UNION SELECT 'list-all'
                    UNION SELECT 'list-category-' || a.category_id FROM articles a WHERE a.id >= @firstIdOfBatch
                    UNION SELECT 'list-author-' || a.author_id FROM articles a WHERE a.id >= @firstIdOfBatch
                    UNION SELECT 'list-tag-' || at.tag_id FROM article_tags at WHERE at.article_id >= @firstIdOfBatch
                    UNION SELECT 'taxonomy'
                ) WHERE scope IS NOT NULL
                ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
                """, new { firstIdOfBatch }, transaction);
            foreach (var triggers in setAside)
            {
                triggers.Restore();
            }

            _setWise.Stop();
            _commit.Start();
        }

        /// <summary>[[word, article, in_title], …] for json_each, the Arabic written as it is (half the bytes of \u escapes).</summary>
        private static string WordsJson(IEnumerable<(string Word, long Id, bool InTitle)> words)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartArray();
                foreach (var (word, id, inTitle) in words)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(word);
                    json.WriteNumberValue(id);
                    json.WriteNumberValue(inTitle ? 1 : 0);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in names)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            command.Prepare();
            return command;
        }

        private static object? Run(DbCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            return command.ExecuteScalar();
        }
    }
    /// <summary>
    /// PostgreSQL: ids drawn from the articles' identity sequence (so it needs no setval afterwards), then each table's
    /// rows in one binary COPY, in one write transaction (run again whole on a serialization failure or deadlock).
    /// The tables' triggers (search and related-words queues, webhooks) fire for COPY as for INSERT, except the
    /// freshness triggers (<see cref="FreshnessTriggers"/>), whose work is done once for the batch instead.
    /// </summary>
    private sealed class PostgresBatches(Database database) : IBatchWriter
    {
        // A COPY of a whole batch, triggers included, can outlast the 30 s a statement is given by default on a busy server.
        private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(10);

        /// <summary>
        /// Per row, these move content_state, one row, and the site-wide scopes: some 10,000 updates of the same rows in
        /// one transaction, each slower than the last, since every earlier version of the row is still in its way
        /// (the batches slowed to 57 articles a second by 25,000). They are set aside for the COPYs and the scopes they
        /// would have moved are moved once, set-wise, after them, as SQLite's batch does with its search triggers.
        /// <c>DISABLE TRIGGER</c> takes a SHARE ROW EXCLUSIVE lock, inside the transaction: readers go on; other writers
        /// wait for the commit, as they would for the content_state row. A failure rolls it back with the batch.
        /// </summary>
        private static readonly (string Table, string Trigger)[] FreshnessTriggers =
        [
            ("articles", "trg_articles_insert_bumps_content"),
            ("article_tags", "trg_article_tags_bumps_content"),
            ("comments", "trg_comments_insert_bumps_content"),
            ("comments", "trg_comments_insert_syncs"),
        ];

        public void Write(IReadOnlyList<CorpusArticle> batch) => database.Write(write =>
        {
            var connection = (NpgsqlConnection)write.Connection;
            var ids = connection.Query<long>(
                "SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, @count)",
                new { count = batch.Count }, write.Transaction).AsList();
            SetFreshnessTriggers(connection, write.Transaction, "DISABLE");

            using (var articles = connection.BeginBinaryImport("""
                COPY articles (id, slug, title, excerpt, body, body_html, body_blocks, body_text, word_count, reading_time_minutes,
                               category_id, author_id, status, published_at, comments_open, created_at, updated_at)
                FROM STDIN (FORMAT BINARY)
                """))
            {
                articles.Timeout = CopyTimeout;
                for (var i = 0; i < batch.Count; i++)
                {
                    var (row, article) = (batch[i], batch[i].Content);
                    articles.StartRow();
                    articles.Write(ids[i], NpgsqlDbType.Bigint);
                    articles.Write(row.Slug, NpgsqlDbType.Text);
                    articles.Write(article.Title, NpgsqlDbType.Text);
                    articles.Write(article.Excerpt, NpgsqlDbType.Text);
                    articles.Write(row.Body, NpgsqlDbType.Bytea);
                    articles.Write("", NpgsqlDbType.Text);
                    articles.Write("[]", NpgsqlDbType.Jsonb);
                    articles.Write("", NpgsqlDbType.Text);
                    articles.Write(article.WordCount, NpgsqlDbType.Integer);
                    articles.Write(row.Minutes, NpgsqlDbType.Integer);
                    articles.Write(row.Category, NpgsqlDbType.Bigint);
                    articles.Write(row.Author, NpgsqlDbType.Bigint);
                    articles.Write("published", NpgsqlDbType.Text);
                    articles.Write(row.At, NpgsqlDbType.TimestampTz);
                    articles.Write(true, NpgsqlDbType.Boolean);
                    articles.Write(row.At, NpgsqlDbType.TimestampTz);
                    articles.Write(row.At, NpgsqlDbType.TimestampTz);
                }

                articles.Complete();
            }

            using (var tags = connection.BeginBinaryImport("COPY article_tags (article_id, tag_id, position) FROM STDIN (FORMAT BINARY)"))
            {
                tags.Timeout = CopyTimeout;
                for (var i = 0; i < batch.Count; i++)
                {
                    foreach (var (tag, position) in batch[i].Tags)
                    {
                        tags.WriteRow(ids[i], tag, position);
                    }
                }

                tags.Complete();
            }

            using (var comments = connection.BeginBinaryImport("""
                COPY comments (article_id, author_name, author_email, body, status, created_at, updated_at) FROM STDIN (FORMAT BINARY)
                """))
            {
                comments.Timeout = CopyTimeout;
                for (var i = 0; i < batch.Count; i++)
                {
                    foreach (var comment in batch[i].Comments)
                    {
                        comments.WriteRow(ids[i], comment.Name, comment.Email, comment.Body, "approved", batch[i].At, batch[i].At);
                    }
                }

                comments.Complete();
            }

            // What the freshness triggers would have done for every row, once: each new article's scope (so its sync
            // change, and any cached 404 of it), its comments' and the lists it is in, and the directory.
            connection.Execute("""
                SELECT touch_content_scopes(ARRAY['taxonomy'] || ARRAY(
                    SELECT DISTINCT s
                    FROM articles a,
                         unnest(ARRAY['article-' || a.id, 'comments-' || a.id] || article_list_scopes(a.id, a.category_id, a.author_id)) AS s
                    WHERE a.id = ANY(@Ids)))
                """, new { Ids = ids.ToArray() }, write.Transaction);
            SetFreshnessTriggers(connection, write.Transaction, "ENABLE");

            // PostgreSQL's search_index is written by the application, not by triggers: the articles the COPY queued are
            // indexed in this transaction, so they commit together.
            Search.SearchIndexWriter.Flush(connection, write.Transaction);

            // The related words, prepared with the batch, instead of reading every body back for them after the
            // corpus is written: one statement in word order (the per-statement count trigger of postgres migration
            // 0013 moves each word's count once), and the queue rows the COPY's trigger added taken away again.
            var words = batch.SelectMany((row, i) => row.Words.Select(w => (w.Word, Id: ids[i], w.InTitle)))
                .OrderBy(w => w.Word, StringComparer.Ordinal).ThenBy(w => w.Id).ToList();
            connection.Execute(
                "INSERT INTO related_words (word, article_id, in_title) SELECT * FROM unnest(@Words, @Ids, @InTitles) ORDER BY 1, 2",
                new { Words = words.Select(w => w.Word).ToArray(), Ids = words.Select(w => w.Id).ToArray(), InTitles = words.Select(w => w.InTitle).ToArray() },
                write.Transaction);
            connection.Execute("DELETE FROM related_words_pending WHERE article_id = ANY(@Ids)", new { Ids = ids.ToArray() }, write.Transaction);
        });

        private static void SetFreshnessTriggers(NpgsqlConnection connection, System.Data.Common.DbTransaction transaction, string state) =>
            connection.Execute(
                string.Concat(FreshnessTriggers.Select(t => $"ALTER TABLE {t.Table} {state} TRIGGER {t.Trigger};")),
                transaction: transaction);
    }

    public sealed record GeneratedArticle(string Title, string Excerpt, string Html, IReadOnlyList<ContentBlock> Blocks, string PlainText, int WordCount);

    /// <summary>A word-bigram chain: each word followed by one of the words that followed it in the demo articles.</summary>
    public sealed class WordChain
    {
        private readonly string[] _words;
        private readonly Dictionary<string, string[]> _next;

        private WordChain(string[] words, Dictionary<string, string[]> next)
        {
            _words = words;
            _next = next;
        }

        public static WordChain FromDemoContent(Database database)
        {
            using var connection = database.Open();
            var texts = connection.Query<(byte[]? Body, string? LegacyText)>($"SELECT {StoredBody.TextColumns} FROM articles a ORDER BY a.id LIMIT 200")
                .Select(row => StoredBody.Text(row.Body, row.LegacyText)).ToList();
            var words = texts.SelectMany(t => t.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToArray();
            if (words.Length < 100)
            {
                throw new InvalidOperationException("Too little text to learn from: run 'seed' (the demo content) first.");
            }

            var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < words.Length; i++)
            {
                if (!next.TryGetValue(words[i], out var followers))
                {
                    next[words[i]] = followers = [];
                }

                followers.Add(words[i + 1]);
            }

            return new WordChain(words, next.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
        }

        public string Words(Random random, int count) =>
            string.Join(' ', Enumerable.Range(0, count).Select(_ => Clean(_words[random.Next(_words.Length)])));

        public string Sentence(Random random, int length)
        {
            var builder = new StringBuilder();
            var word = _words[random.Next(_words.Length)];
            for (var i = 0; i < length; i++)
            {
                builder.Append(i == 0 ? string.Empty : " ").Append(word);
                word = _next.TryGetValue(word, out var followers) ? followers[random.Next(followers.Length)] : _words[random.Next(_words.Length)];
            }

            return builder.ToString();
        }

        public GeneratedArticle Article(Random random)
        {
            var title = Clean(Sentence(random, random.Next(6, 12)));
            var target = random.Next(300, 1501);
            var blocks = new List<ContentBlock>();
            var html = new StringBuilder();
            var text = new StringBuilder();
            var words = 0;
            while (words < target)
            {
                if (blocks.Count > 0 && blocks.Count % 6 == 0)
                {
                    var heading = Clean(Sentence(random, random.Next(3, 7)));
                    blocks.Add(new HeadingBlock(2, heading));
                    html.Append("<h2>").Append(System.Net.WebUtility.HtmlEncode(heading)).Append("</h2>");
                    text.Append(heading).Append("\n\n");
                    words += heading.Split(' ').Length;
                }

                var length = Math.Min(target - words, random.Next(30, 90));
                var paragraph = Sentence(random, Math.Max(length, 5));
                blocks.Add(new ParagraphBlock(paragraph));
                html.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(paragraph)).Append("</p>");
                text.Append(paragraph).Append("\n\n");
                words += Math.Max(length, 5);
            }

            var first = ((ParagraphBlock)blocks[0]).Text;
            var excerpt = first.Length <= 240 ? first : first[..first.LastIndexOf(' ', 240)] + "…";
            return new GeneratedArticle(title, excerpt, html.ToString(), blocks, text.ToString().TrimEnd(), words);
        }

        private static string Clean(string text) => text.Trim().TrimEnd('،', '.', ':', '؛').Trim();
    }

    /// <summary>One progress line on stderr: rewritten in place on a terminal, one per step when redirected.</summary>
    public static void ShowProgress(string doing, int done, int total, Stopwatch elapsed)
    {
        var rate = done / Math.Max(elapsed.Elapsed.TotalSeconds, 0.001);
        var line = $"{doing} {done:N0}/{total:N0} articles ({done * 100 / Math.Max(total, 1)}%, {rate:N0}/s)";
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(line);
        }
        else
        {
            Console.Error.Write("\r" + line);
        }
    }
}
