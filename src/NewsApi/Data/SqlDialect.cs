namespace NewsApi.Data;

/// <summary>
/// The few pieces of SQL that differ between the engines, one method per difference, so a store writes its query once
/// and splices in only what its engine needs. Everything else is written the same for both.
/// </summary>
public static class SqlDialect
{
    /// <summary>
    /// SQLite's <c>INDEXED BY</c> hint (with a leading space), which keeps its planner on the covering index the query
    /// was written for (at 100,000 articles it otherwise may scan); nothing on PostgreSQL, whose planner needs no hint.
    /// </summary>
    public static string IndexedBy(this DatabaseEngine engine, string index) =>
        engine == DatabaseEngine.Sqlite ? " INDEXED BY " + index : "";

    /// <summary>
    /// A predicate "<paramref name="column"/> is one of the ids in <paramref name="parameter"/>", one parameter whatever
    /// the count (a JSON array read by <c>json_each</c> on SQLite, an array on PostgreSQL); its value is <see cref="IdList"/>.
    /// </summary>
    public static string InIdList(this DatabaseEngine engine, string column, string parameter) =>
        engine == DatabaseEngine.Sqlite ? $"{column} IN (SELECT value FROM json_each({parameter}))" : $"{column} = ANY({parameter})";

    /// <summary>The value of the parameter of <see cref="InIdList"/>.</summary>
    public static object IdList(this DatabaseEngine engine, IEnumerable<int> ids) =>
        engine == DatabaseEngine.Sqlite ? "[" + string.Join(',', ids) + "]" : ids.Select(id => (long)id).ToArray();

    /// <summary>
    /// Appended to a SELECT inside a write transaction: on PostgreSQL, locks the rows read until the transaction ends,
    /// so concurrent writers of the same rows take turns; nothing on SQLite, whose writers already take turns one at a time.
    /// </summary>
    public static string ForUpdate(this DatabaseEngine engine) =>
        engine == DatabaseEngine.Postgres ? " FOR UPDATE" : "";

    /// <summary>
    /// Appended to a SELECT that claims queued work inside a write transaction: on PostgreSQL, locks the rows of
    /// <paramref name="table"/> (a name or alias of the FROM clause) and skips those another transaction holds, so
    /// concurrent workers (two instances, a request and the background) never take the same item; nothing on SQLite.
    /// </summary>
    public static string ClaimSkippingLocked(this DatabaseEngine engine, string table) =>
        engine == DatabaseEngine.Postgres ? $" FOR UPDATE OF {table} SKIP LOCKED" : "";
}
