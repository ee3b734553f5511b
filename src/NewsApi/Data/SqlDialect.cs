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
internal static class SqlDialect
{
    /// <summary>The engine a connection talks to, for code handed a connection rather than the <see cref="Database"/>.</summary>
    public static DatabaseEngine EngineOf(DbConnection connection) =>
        connection is NpgsqlConnection ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;

    /// <summary>
    /// The test "is one of the list <paramref name="parameter"/>", to follow a column: <c>IN @Ids</c> on SQLite, which
    /// Dapper expands to one parameter per item; <c>= ANY(@Ids)</c> on PostgreSQL, where Dapper sends the list as one
    /// array parameter instead (so <c>IN @Ids</c> would be a syntax error there).
    /// </summary>
    public static string InList(DatabaseEngine engine, string parameter) => engine == DatabaseEngine.Postgres
        ? $"= ANY({parameter})"
        : $"IN {parameter}";

    /// <summary>
    /// A FROM item named <c>ids</c> with one column <c>value</c>: the ids in <c>@Ids</c>, as <see cref="IdList"/> gives
    /// them. SQLite has no array parameters (a JSON array read by <c>json_each</c>); PostgreSQL unnests an int[].
    /// </summary>
    public static string IdTable(DatabaseEngine engine) => engine == DatabaseEngine.Postgres
        ? "unnest(@Ids) AS ids(value)"
        : "json_each(@Ids) ids";

    /// <summary>The value of <c>@Ids</c> for <see cref="IdTable"/>.</summary>
    public static object IdList(DatabaseEngine engine, IEnumerable<int> ids) => engine == DatabaseEngine.Postgres
        ? ids.ToArray()
        : "[" + string.Join(',', ids) + "]";

    /// <summary>
    /// <c> INDEXED BY <paramref name="index"/></c> after a table name on SQLite, whose planner picks a worse index for
    /// some queries at 100,000 articles; nothing on PostgreSQL, whose planner has statistics and takes no hints.
    /// </summary>
    public static string IndexedBy(DatabaseEngine engine, string index) => engine == DatabaseEngine.Postgres ? "" : " INDEXED BY " + index;

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
