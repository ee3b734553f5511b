using Dapper;
using System.Data.Common;
using NewsApi.Articles;
using NewsApi.Data;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Comments;

/// <summary>A public article as far as comments care.</summary>
public sealed record CommentedArticle(int Id, bool CommentsOpen, DateTime PublishedAt);

public enum ModerationOutcome
{
    Done,
    NotFound,
    ParentNotApproved,
}

/// <summary>
/// Comments, on either engine. Public reads select only approved comments and only the columns that may be published;
/// the e-mail, client address and user agent are read by the moderation queries alone.
/// </summary>
public sealed class CommentStore(Database database, TimeProvider clock, PublicArticles articles)
{
    /// <summary>
    /// Replies nest at most this deep; a top-level comment is at depth 1. A reply to a comment at this depth (an imported
    /// thread deeper than this) is shown at this depth, among its parent's siblings, as WordPress shows it.
    /// </summary>
    public const int MaxDepth = 5;

    /// <summary>
    /// The one definition of a comment readers see, on a comment aliased <c>cm</c>: an approved one, at any depth.
    /// Moderation keeps every approved reply under an approved parent (<see cref="SetStatus"/>, the submission's parent
    /// check, the importer's), so every such comment hangs from a visible top-level one and the public list, which
    /// flattens replies deeper than <see cref="MaxDepth"/> rather than dropping them, shows them all.
    /// </summary>
    internal const string IsVisible = "cm.status = 'approved'";

    /// <summary>
    /// How many comments of the article aliased <c>a</c> a reader can page through on the public list: its
    /// <c>commentCount</c>, in article summaries and details and in the admin view.
    /// </summary>
    internal const string VisibleCount = $"(SELECT count(*) FROM comments cm WHERE cm.article_id = a.id AND {IsVisible})";

    private DatabaseEngine Engine => database.Engine;

    /// <summary>The public article <paramref name="slugOrId"/> names, by the rule of <see cref="PublicArticles.Resolve(string)"/>.</summary>
    public CommentedArticle? FindArticle(string slugOrId) => Commented(articles.Resolve(slugOrId));

    // On PostgreSQL in the e-mail's turn (see SubmissionTransaction.FindArticleAsync). The two-key form keeps these locks
    // apart from any other advisory lock (the migrator's is one bigint).
    private async Task<CommentedArticle?> FindArticleAsync(DbConnection connection, DbTransaction transaction, int id, string email) =>
        Commented(Engine != DatabaseEngine.Postgres
            ? await articles.ResolveAsync(connection, transaction, id)
            : await articles.ResolveAsync(connection, transaction, id, "SELECT pg_advisory_xact_lock(@Space, hashtext(@Email))", new { Space = EmailLockSpace, Email = email }));

    private static CommentedArticle? Commented(ResolvedArticle? article) =>
        article is null ? null : new CommentedArticle(article.Id, article.CommentsOpen, article.PublishedAt);

    /// <summary>
    /// A page of visible top-level comments, oldest first, each with all its visible replies: nested up to
    /// <see cref="MaxDepth"/>, and deeper ones listed at that depth (<c>shown_under</c> is the comment whose replies a row
    /// is listed among: its parent, or for a reply below the deepest level, the comment its parent is listed under).
    /// </summary>
    public (IReadOnlyList<Comment> Items, int Total) ListPublished(int articleId, PageRequest page)
    {
        const string countSql = $"SELECT count(*) FROM comments cm WHERE cm.article_id = @ArticleId AND cm.parent_id IS NULL AND {IsVisible}";
        // The depth stops growing at MaxDepth, so a row is (id, depth, shown_under) with values from a finite set, and
        // UNION (not UNION ALL) ends the recursion even on a parent loop that damaged data might hold. A top-level
        // comment is shown under 0 (no id), not NULL: SQLite gives a computed column the type of its first value, and
        // Dapper reads every row as that type.
        const string sql = $"""
            WITH RECURSIVE
            top_level(id) AS (
                SELECT cm.id FROM comments cm
                WHERE cm.article_id = @ArticleId AND cm.parent_id IS NULL AND {IsVisible}
                ORDER BY cm.created_at, cm.id
                LIMIT @Limit OFFSET @Offset),
            thread(id, depth, shown_under) AS (
                SELECT id, 1, CAST(0 AS BIGINT) FROM top_level
                UNION
                SELECT cm.id,
                       CASE WHEN thread.depth < @MaxDepth THEN thread.depth + 1 ELSE thread.depth END,
                       CASE WHEN thread.depth < @MaxDepth THEN thread.id ELSE thread.shown_under END
                FROM comments cm JOIN thread ON cm.parent_id = thread.id
                WHERE {IsVisible})
            SELECT c.id AS Id, c.parent_id AS ParentId, thread.shown_under AS ShownUnder, c.author_name AS AuthorName,
                   c.author_url AS AuthorUrl, c.body AS Body, c.created_at AS CreatedAt
            FROM comments c JOIN thread ON thread.id = c.id
            ORDER BY c.created_at, c.id
            """;
        using var connection = database.OpenPublicRead();
        var total = connection.ExecuteScalar<int>(countSql, new { ArticleId = articleId });
        var rows = connection.Query<PublicRow>(sql, new { ArticleId = articleId, Limit = page.PageSize, page.Offset, MaxDepth }).AsList();
        return (Thread(rows), total);
    }

    private static List<Comment> Thread(List<PublicRow> rows)
    {
        var children = rows.ToLookup(r => r.ShownUnder);
        Comment Build(PublicRow row) => new(
            row.Id, row.ParentId, row.AuthorName, row.AuthorUrl, row.Body, row.CreatedAt,
            children[row.Id].Select(Build).ToList());
        return rows.Where(r => r.ParentId is null).Select(Build).ToList();
    }

    public (IReadOnlyList<AdminComment> Items, int Total) List(string? status, string? article, PageRequest page)
    {
        using var connection = database.Open();
        int? articleId = null;
        if (!string.IsNullOrWhiteSpace(article))
        {
            // The same slug-or-id rule as the public routes, but any state: moderators see drafts' comments too.
            // An article that does not exist filters everything out rather than nothing.
            var key = PublicArticles.ParseKey(article.Trim());
            var articleSql = key.Id is null ? "SELECT id FROM articles WHERE slug = @Slug" : "SELECT id FROM articles WHERE id = @Id";
            articleId = connection.QuerySingleOrDefault<int?>(articleSql, new { key.Id, key.Slug }) ?? -1;
        }

        const string where = "WHERE (@Status IS NULL OR c.status = @Status) AND (@ArticleId IS NULL OR c.article_id = @ArticleId)";
        var parameters = new { Status = status?.ToLowerInvariant(), ArticleId = articleId, Limit = page.PageSize, page.Offset };
        var total = connection.ExecuteScalar<int>($"SELECT count(*) FROM comments c {where}", parameters);
        var rows = connection.Query<AdminRow>(
            $"SELECT {AdminColumns} FROM comments c JOIN articles a ON a.id = c.article_id {where} ORDER BY c.created_at DESC, c.id DESC LIMIT @Limit OFFSET @Offset",
            parameters);
        return (rows.Select(r => r.ToComment()).ToList(), total);
    }

    public AdminComment? Get(int id)
    {
        using var connection = database.Open();
        return Get(connection, null, id);
    }

    private const string AdminColumns = """
        c.id AS Id, c.article_id AS ArticleId, a.slug AS ArticleSlug, c.parent_id AS ParentId, c.author_name AS AuthorName,
        c.author_email AS AuthorEmail, c.author_url AS AuthorUrl, c.body AS Body, c.status AS Status,
        c.client_address AS ClientAddress, c.user_agent AS UserAgent, c.created_at AS CreatedAt, c.updated_at AS UpdatedAt
        """;

    private static AdminComment? Get(DbConnection connection, DbTransaction? transaction, int id) =>
        connection.QuerySingleOrDefault<AdminRow>(
            $"SELECT {AdminColumns} FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = @Id", new { Id = id }, transaction)?.ToComment();

    /// <summary>
    /// Approves, marks as spam or trashes a comment. A reply is approved only under an approved parent, and a comment
    /// that leaves "approved" takes its approved replies with it, so every published comment hangs from a published one
    /// and <c>commentCount</c> equals what a reader can see.
    /// </summary>
    public (ModerationOutcome Outcome, AdminComment? Comment) SetStatus(int id, string status)
    {
        status = status.ToLowerInvariant();
        var now = Timestamps.ToDb(clock.GetUtcNow());
        return database.Write<(ModerationOutcome, AdminComment?)>(write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            LockThread(connection, transaction, id);
            const string currentSql = """
                SELECT c.status AS Status, p.status AS ParentStatus
                FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
                WHERE c.id = @Id
                """;
            var current = connection.QuerySingleOrDefault<(string Status, string? ParentStatus)?>(currentSql, new { Id = id }, transaction);
            if (current is not { } found)
            {
                return (ModerationOutcome.NotFound, null);
            }

            if (status == CommentStatuses.Approved && found.ParentStatus is not null and not CommentStatuses.Approved)
            {
                return (ModerationOutcome.ParentNotApproved, null);
            }

            if (found.Status == CommentStatuses.Approved && status != CommentStatuses.Approved)
            {
                const string repliesSql = """
                    WITH RECURSIVE replies(id) AS (
                        SELECT id FROM comments WHERE parent_id = @Id AND status = 'approved'
                        UNION ALL
                        SELECT c.id FROM comments c JOIN replies ON c.parent_id = replies.id WHERE c.status = 'approved')
                    UPDATE comments SET status = @Status, updated_at = @Now WHERE id IN (SELECT id FROM replies)
                    """;
                connection.Execute(repliesSql, new { Id = id, Status = status, Now = now }, transaction);
            }

            if (found.Status != status)
            {
                connection.Execute("UPDATE comments SET status = @Status, updated_at = @Now WHERE id = @Id", new { Id = id, Status = status, Now = now }, transaction);
            }

            return (ModerationOutcome.Done, Get(connection, transaction, id));
        });
    }

    /// <summary>
    /// On PostgreSQL, locks the comment and its ancestors (in id order, as every moderation does) until the decision
    /// commits. Without it, under READ COMMITTED, approving a reply could read its parent as approved while a
    /// concurrent moderation trashes the parent, whose withdrawal of approved replies would not see the new one: a
    /// published reply under a withdrawn comment. SQLite needs nothing: its writers take turns.
    /// </summary>
    private void LockThread(DbConnection connection, DbTransaction transaction, int id)
    {
        if (Engine != DatabaseEngine.Postgres)
        {
            return;
        }

        const string sql = """
            WITH RECURSIVE chain(id, parent_id) AS (
                SELECT id, parent_id FROM comments WHERE id = @Id
                UNION ALL
                SELECT c.id, c.parent_id FROM comments c JOIN chain ON c.id = chain.parent_id)
            SELECT id FROM comments WHERE id IN (SELECT id FROM chain) ORDER BY id FOR UPDATE
            """;
        connection.Execute(sql, new { Id = id }, transaction);
    }

    /// <summary>Deletes a comment and its replies (the foreign key cascades).</summary>
    public ModerationOutcome Delete(int id) =>
        database.ExecuteWrite("DELETE FROM comments WHERE id = @Id", new { Id = id }) == 1 ? ModerationOutcome.Done : ModerationOutcome.NotFound;

    /// <summary>
    /// Runs <paramref name="body"/>, a submission's checks and insert, in one write transaction and commits it: every
    /// check that depends on stored rows (idempotency key, parent, duplicate) and the insert see the same state, so two
    /// identical requests at once cannot both pass. On SQLite the transaction waits for the process's write turn; on
    /// PostgreSQL the idempotency key's row and a lock per e-mail order concurrent submissions, and a transaction the
    /// server aborts as a deadlock runs again from the start (the body must be safe to run again).
    /// </summary>
    public Task<T> SubmitAsync<T>(Func<SubmissionTransaction, Task<T>> body, CancellationToken cancellation) =>
        database.WriteAsync(write => body(new SubmissionTransaction(this, write)), cancellation);

    /// <summary>
    /// The reads and writes of one submission, each awaited: on PostgreSQL no thread waits while a statement runs on
    /// the server (SQLite's provider completes them synchronously: it is the same code on both engines).
    /// </summary>
    public sealed class SubmissionTransaction(CommentStore store, WriteScope write)
    {
        private DbConnection Connection => write.Connection;

        private DbTransaction Transaction => write.Transaction;

        /// <summary>
        /// The public article with this id, read inside the submission's transaction once it holds the turn of
        /// <paramref name="email"/>: on PostgreSQL, concurrent submissions of one e-mail take turns until this
        /// transaction ends, so the duplicate check sees the other's comment (under READ COMMITTED an uncommitted insert
        /// is invisible, and two identical comments sent at once would both be kept). The lock and the read go in one
        /// command. SQLite's writers already take turns.
        /// </summary>
        public Task<CommentedArticle?> FindArticleAsync(int id, string email) => store.FindArticleAsync(Connection, Transaction, id, email);

        /// <summary>
        /// Claims an idempotency key for this submission, or returns the answer stored for it (expired keys are
        /// forgotten first). The claim is a row inserted at once, before any other check: a concurrent submission with
        /// the same key waits on it (PostgreSQL's ON CONFLICT waits for the claiming transaction to end) and then reads
        /// the answer it committed, instead of failing on the unique key or passing the checks twice. The claim must end
        /// with <see cref="RememberAnswerAsync"/> or <see cref="ReleaseKeyAsync"/> before the transaction commits.
        /// </summary>
        /// <returns>Null when this submission now holds the key; otherwise the earlier request's hash and answer.</returns>
        public async Task<StoredAnswer?> ClaimKeyAsync(string key, string scope, string requestHash, DateTimeOffset now, TimeSpan lifetime)
        {
            await Connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE expires_at <= @Now", new { Now = Timestamps.ToDb(now) }, Transaction);
            const string claimSql = """
                INSERT INTO idempotency_keys (key, scope, request_hash, response_status, response_body, created_at, expires_at)
                VALUES (@Key, @Scope, @RequestHash, 0, '', @CreatedAt, @ExpiresAt)
                ON CONFLICT (key, scope) DO NOTHING
                """;
            var claimed = await Connection.ExecuteAsync(claimSql, new
            {
                Key = key,
                Scope = scope,
                RequestHash = requestHash,
                CreatedAt = Timestamps.ToDb(now),
                ExpiresAt = Timestamps.ToDb(now + lifetime),
            }, Transaction);
            if (claimed == 1)
            {
                return null;
            }

            const string sql = """
                SELECT request_hash AS RequestHash, response_status AS ResponseStatus, response_body AS ResponseBody
                FROM idempotency_keys WHERE key = @Key AND scope = @Scope
                """;
            return await Connection.QuerySingleAsync<StoredAnswer>(sql, new { Key = key, Scope = scope }, Transaction);
        }

        /// <summary>Stores the answer under a key this submission claimed.</summary>
        public Task RememberAnswerAsync(string key, string scope, int status, string body) =>
            Connection.ExecuteAsync(
                "UPDATE idempotency_keys SET response_status = @Status, response_body = @Body WHERE key = @Key AND scope = @Scope",
                new { Key = key, Scope = scope, Status = status, Body = body }, Transaction);

        /// <summary>Gives up a key this submission claimed: refusals are not remembered, so a corrected retry may use it.</summary>
        public Task ReleaseKeyAsync(string key, string scope) =>
            Connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE key = @Key AND scope = @Scope", new { Key = key, Scope = scope }, Transaction);

        /// <summary>The depth of an approved comment of the article (1 for top-level), or null when there is none.</summary>
        public Task<int?> ApprovedDepthAsync(int articleId, int commentId)
        {
            const string sql = """
                WITH RECURSIVE chain(id, parent_id, depth) AS (
                    SELECT id, parent_id, 1 FROM comments WHERE id = @Id AND article_id = @ArticleId AND status = 'approved'
                    UNION ALL
                    SELECT c.id, c.parent_id, chain.depth + 1 FROM comments c JOIN chain ON c.id = chain.parent_id
                    WHERE chain.depth <= @Limit)
                SELECT max(depth) FROM chain
                """;
            return Connection.ExecuteScalarAsync<int?>(sql, new { Id = commentId, ArticleId = articleId, Limit = MaxDepth }, Transaction);
        }

        /// <summary>Whether a comment of this e-mail submitted under this token (by its hash) is approved.</summary>
        public Task<bool> WasApprovedUnderAsync(string tokenHash, string email)
        {
            const string sql = """
                SELECT EXISTS (SELECT 1 FROM comment_tokens t JOIN comments c ON c.id = t.comment_id
                               WHERE t.token_hash = @TokenHash AND c.author_email = @Email AND c.status = 'approved')
                """;
            return Connection.ExecuteScalarAsync<bool>(sql, new { TokenHash = tokenHash, Email = email }, Transaction);
        }

        /// <summary>
        /// Stores the comment and the hash of the commenter token it came with; returns its id and whether another
        /// comment of the article from the same e-mail has the same text, compared after <see cref="TextFolding.ForMatching"/>
        /// (spacing, case, harakat, tatweel, hamza seats). Trashed comments do not count. A comment that is not
        /// approved moves no content version (the triggers touch <c>content_state</c> for approved comments only), so
        /// its commit is not announced (<see cref="WriteScope.MovesNoContentVersion"/>).
        /// </summary>
        /// <remarks>
        /// On PostgreSQL one statement does all three: the statement's snapshot was taken before its insert, so the
        /// earlier comments it reads never include the new one, and it sees every comment of the e-mail committed before
        /// it (its turn was taken by an earlier statement, <see cref="FindArticleAsync(int, string)"/>). Three round trips were half of a
        /// submission's time there. SQLite runs them one by one, in-process.
        /// </remarks>
        public async Task<(int Id, bool Duplicate)> InsertAsync(SubmittedComment comment, string tokenHash)
        {
            const string insertSql = """
                INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, body, status,
                                      client_address, user_agent, created_at, updated_at)
                VALUES (@ArticleId, @ParentId, @AuthorName, @AuthorEmail, @AuthorUrl, @Body, @Status,
                        @ClientAddress, @UserAgent, @CreatedAt, @CreatedAt)
                RETURNING id
                """;
            const string earlierSql = """
                SELECT body FROM comments
                WHERE author_email = @AuthorEmail AND article_id = @ArticleId AND id <> @Id AND status <> 'trash'
                """;
            const string postgresSql = $"""
                WITH inserted AS ({insertSql}),
                token AS (
                    INSERT INTO comment_tokens (comment_id, token_hash) SELECT id, @TokenHash FROM inserted)
                SELECT i.id AS Id, e.body AS Body
                FROM inserted i
                LEFT JOIN comments e ON e.author_email = @AuthorEmail AND e.article_id = @ArticleId AND e.status <> 'trash'
                """;
            var parameters = new
            {
                comment.ArticleId,
                comment.ParentId,
                comment.AuthorName,
                comment.AuthorEmail,
                comment.AuthorUrl,
                comment.Body,
                comment.Status,
                comment.ClientAddress,
                comment.UserAgent,
                CreatedAt = Timestamps.ToDb(comment.CreatedAt),
                TokenHash = tokenHash,
            };
            if (comment.Status != CommentStatuses.Approved)
            {
                write.MovesNoContentVersion();
            }

            int id;
            List<string> earlier;
            if (store.Engine == DatabaseEngine.Postgres)
            {
                var rows = (await Connection.QueryAsync<InsertedRow>(postgresSql, parameters, Transaction)).AsList();
                id = rows[0].Id;
                earlier = rows.Where(row => row.Body is not null).Select(row => row.Body!).ToList();
            }
            else
            {
                id = await Connection.ExecuteScalarAsync<int>(insertSql, parameters, Transaction);
                await Connection.ExecuteAsync("INSERT INTO comment_tokens (comment_id, token_hash) VALUES (@Id, @TokenHash)", new { Id = id, TokenHash = tokenHash }, Transaction);
                earlier = (await Connection.QueryAsync<string>(earlierSql, new { Id = id, comment.ArticleId, comment.AuthorEmail }, Transaction)).AsList();
            }

            var folded = TextFolding.ForMatching(comment.Body);
            return (id, earlier.Exists(body => TextFolding.ForMatching(body) == folded));
        }

        /// <summary>Removes a comment inserted in this transaction (its token row cascades).</summary>
        public Task DeleteAsync(int commentId) =>
            Connection.ExecuteAsync("DELETE FROM comments WHERE id = @Id", new { Id = commentId }, Transaction);
    }

    /// <summary>The first key of the per-e-mail submission locks (<see cref="SubmissionTransaction.FindArticleAsync(int, string)"/>): "CMNT".</summary>
    private const int EmailLockSpace = 0x434D4E54;

    private sealed class InsertedRow
    {
        public int Id { get; init; }

        public string? Body { get; init; }
    }

    private sealed class PublicRow
    {
        public int Id { get; init; }

        public int? ParentId { get; init; }

        public int ShownUnder { get; init; }

        public string AuthorName { get; init; } = "";

        public string? AuthorUrl { get; init; }

        public string Body { get; init; } = "";

        public DateTime CreatedAt { get; init; }
    }

    private sealed class AdminRow
    {
        public int Id { get; init; }

        public int ArticleId { get; init; }

        public string ArticleSlug { get; init; } = "";

        public int? ParentId { get; init; }

        public string AuthorName { get; init; } = "";

        public string AuthorEmail { get; init; } = "";

        public string? AuthorUrl { get; init; }

        public string Body { get; init; } = "";

        public string Status { get; init; } = "";

        public string? ClientAddress { get; init; }

        public string? UserAgent { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }

        public AdminComment ToComment() => new(
            Id, ArticleId, ArticleSlug, ParentId, AuthorName, AuthorEmail, AuthorUrl, Body, Status, ClientAddress, UserAgent,
            CreatedAt, UpdatedAt);
    }
}

/// <summary>A comment ready to insert: text cleaned, e-mail normalised, state decided.</summary>
public sealed record SubmittedComment(
    int ArticleId, int? ParentId, string AuthorName, string AuthorEmail, string? AuthorUrl, string Body, string Status,
    string? ClientAddress, string? UserAgent, DateTimeOffset CreatedAt);

public sealed class StoredAnswer
{
    public string RequestHash { get; init; } = "";

    public int ResponseStatus { get; init; }

    public string ResponseBody { get; init; } = "";
}
