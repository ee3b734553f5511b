using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace NewsApi.Data;

/// <summary>
/// The few spots where one query cannot be written once for SQLite and PostgreSQL: each difference is one small
/// method here, so a store keeps one query with a hole in it rather than a copy per engine. Everything else (coalesce,
/// CASE, LIMIT/OFFSET, RETURNING, ON CONFLICT, row values, a subquery's alias) is written once in the store.
/// </summary>
public static class SqlDialect
{
    /// <summary>The engine a connection talks to, for code handed a connection rather than the <see cref="Database"/>.</summary>
    public static DatabaseEngine EngineOf(DbConnection connection) =>
        connection is NpgsqlConnection ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;

    /// <summary>
    /// SQLite's <c>INDEXED BY</c> hint (with a leading space), which keeps its planner on the covering index the query
    /// was written for (at 100,000 articles it otherwise may scan); nothing on PostgreSQL, whose planner takes no hints.
    /// </summary>
    public static string IndexedBy(this DatabaseEngine engine, string index) =>
        engine == DatabaseEngine.Sqlite ? " INDEXED BY " + index : "";

    /// <summary>
    /// A predicate "<paramref name="column"/> is one of the ids in <paramref name="parameter"/>", one parameter whatever
    /// the count (a JSON array read by <c>json_each</c> on SQLite, an array on PostgreSQL); its value is
    /// <see cref="IdList"/>. Dapper's <c>IN @Ids</c> is no substitute: it expands a list into one parameter per item on
    /// SQLite, but hands Npgsql the whole list as one array, and <c>IN $1</c> is a syntax error there.
    /// </summary>
    public static string InIdList(this DatabaseEngine engine, string column, string parameter) =>
        engine == DatabaseEngine.Sqlite ? $"{column} IN (SELECT value FROM json_each({parameter}))" : $"{column} = ANY({parameter})";

    /// <summary>
    /// A FROM item named <c>ids</c> with one column <c>value</c>: the ids in <c>@Ids</c>, as <see cref="IdList"/> gives
    /// them (SQLite has no array parameters: a JSON array read by <c>json_each</c>; PostgreSQL unnests a bigint[]).
    /// </summary>
    public static string IdTable(this DatabaseEngine engine) =>
        engine == DatabaseEngine.Sqlite ? "json_each(@Ids) ids" : "unnest(@Ids) AS ids(value)";

    /// <summary>The value of the parameter of <see cref="InIdList"/> and <see cref="IdTable"/>.</summary>
    public static object IdList(this DatabaseEngine engine, IEnumerable<int> ids) =>
        engine == DatabaseEngine.Sqlite ? "[" + string.Join(',', ids) + "]" : ids.Select(id => (long)id).ToArray();

    /// <summary>
    /// <see cref="InIdList"/> for a list of strings: "<paramref name="column"/> is one of the strings in
    /// <paramref name="parameter"/>", whose value is <see cref="TextList"/>.
    /// </summary>
    public static string InTextList(this DatabaseEngine engine, string column, string parameter) =>
        engine == DatabaseEngine.Sqlite ? $"{column} IN (SELECT value FROM json_each({parameter}))" : $"{column} = ANY({parameter})";

    /// <summary>The value of the parameter of <see cref="InTextList"/>: a JSON array on SQLite, a text[] on PostgreSQL.</summary>
    public static object TextList(this DatabaseEngine engine, IEnumerable<string> values) =>
        engine == DatabaseEngine.Sqlite ? JsonArray(values) : values.ToArray();

    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// A read-only transaction whose statements all see one committed state: on SQLite a deferred transaction (WAL
    /// keeps the snapshot its first read takes, and no write lock is asked for), on PostgreSQL REPEATABLE READ (one
    /// snapshot for the whole transaction, where READ COMMITTED takes one per statement). For reads that must agree
    /// with one another, such as a change log and the rows it names.
    /// </summary>
    public static DbTransaction BeginSnapshot(DbConnection connection) => connection switch
    {
        Microsoft.Data.Sqlite.SqliteConnection sqlite => sqlite.BeginTransaction(deferred: true),
        _ => connection.BeginTransaction(IsolationLevel.RepeatableRead),
    };

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

    /// <summary>
    /// JSON text as a parameter for a JSON column: text on SQLite, jsonb on PostgreSQL (which does not turn a text
    /// parameter into jsonb by itself). Chosen by the command it is added to, so the SQL and the caller stay the same.
    /// </summary>
    public static SqlMapper.ICustomQueryParameter Json(string json) => new JsonParameter(json);

    private sealed record JsonParameter(string Json) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(IDbCommand command, string name)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = Json;
            if (parameter is NpgsqlParameter postgres)
            {
                postgres.NpgsqlDbType = NpgsqlDbType.Jsonb;
            }
            else
            {
                parameter.DbType = DbType.String;
            }

            command.Parameters.Add(parameter);
        }
    }
}
