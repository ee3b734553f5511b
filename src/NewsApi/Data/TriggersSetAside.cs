using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;

namespace NewsApi.Data;

/// <summary>The row event a set of triggers fires on.</summary>
public enum TriggerEvent
{
    Insert,
    Update,
}

/// <summary>
/// A table's triggers for one event, set aside inside the caller's write transaction and put back before its commit,
/// for bulk work whose effects the caller does once, set-wise (or which has none a trigger should see: rewriting a
/// stored form without changing what it says). Both engines make the schema change part of the transaction: other
/// connections never see the triggers missing, and a rollback puts them back with the rest.
/// </summary>
/// <remarks>
/// SQLite: the triggers are dropped and created again from their own text in sqlite_schema (other connections
/// prepare their statements again once, for the schema change). PostgreSQL: <c>ALTER TABLE … DISABLE TRIGGER</c>,
/// which takes a SHARE ROW EXCLUSIVE lock until the commit: readers go on, other writers wait for the batch.
/// </remarks>
public sealed partial class TriggersSetAside
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _table;
    private readonly IReadOnlyList<(string Name, string Sql)> _triggers;

    private TriggersSetAside(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<(string Name, string Sql)> triggers)
    {
        _connection = connection;
        _transaction = transaction;
        _table = table;
        _triggers = triggers;
    }

    /// <param name="table">A table name of the schema (never client input: it is spliced into DDL).</param>
    /// <param name="except">Triggers of that event to leave in place.</param>
    public static TriggersSetAside SetAside(DbConnection connection, DbTransaction transaction, string table, TriggerEvent fires, params string[] except)
    {
        ArgumentNullException.ThrowIfNull(connection);
        List<(string Name, string Sql)> triggers;
        if (SqlDialect.EngineOf(connection) == DatabaseEngine.Postgres)
        {
            // tgtype bits (pg_trigger.h): 4 insert, 16 update.
            triggers = connection.Query<(string Name, string Sql)>(
                "SELECT tgname, '' FROM pg_trigger WHERE tgrelid = @table::regclass AND NOT tgisinternal AND (tgtype & @bit) <> 0 ORDER BY tgname",
                new { table, bit = fires == TriggerEvent.Insert ? 4 : 16 }, transaction)
                .Where(t => !except.Contains(t.Name)).ToList();
            foreach (var (name, _) in triggers)
            {
                connection.Execute($"ALTER TABLE {table} DISABLE TRIGGER {name}", transaction: transaction);
            }
        }
        else
        {
            var header = fires == TriggerEvent.Insert ? InsertHeader() : UpdateHeader();
            triggers = connection.Query<(string Name, string Sql)>(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = @table ORDER BY name", new { table }, transaction)
                .Where(t => !except.Contains(t.Name) && header.IsMatch(t.Sql[..Math.Max(0, t.Sql.IndexOf("BEGIN", StringComparison.OrdinalIgnoreCase))]))
                .ToList();
            foreach (var (name, _) in triggers)
            {
                connection.Execute($"DROP TRIGGER {name}", transaction: transaction);
            }
        }

        return new TriggersSetAside(connection, transaction, table, triggers);
    }

    /// <summary>Puts the triggers back, in the same transaction, before it commits.</summary>
    public void Restore()
    {
        var postgres = SqlDialect.EngineOf(_connection) == DatabaseEngine.Postgres;
        foreach (var (name, sql) in _triggers)
        {
            _connection.Execute(postgres ? $"ALTER TABLE {_table} ENABLE TRIGGER {name}" : sql, transaction: _transaction);
        }
    }

    [GeneratedRegex(@"\b(BEFORE|AFTER|INSTEAD\s+OF)\s+INSERT\b", RegexOptions.IgnoreCase)]
    private static partial Regex InsertHeader();

    [GeneratedRegex(@"\b(BEFORE|AFTER|INSTEAD\s+OF)\s+UPDATE\b", RegexOptions.IgnoreCase)]
    private static partial Regex UpdateHeader();
}
