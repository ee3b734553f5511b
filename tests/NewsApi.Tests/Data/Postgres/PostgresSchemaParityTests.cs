using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using Npgsql;

namespace NewsApi.Tests.Data.Postgres;

/// <summary>
/// The PostgreSQL schema is SQLite's end state in other types: every table and column of a migrated SQLite file
/// exists in PostgreSQL and the other way round, except for the deliberate differences listed here with their reasons.
/// </summary>
public sealed class PostgresSchemaParityTests : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private const string SearchReason =
        "search: SQLite's FTS5 table holds each field exact and stemmed; PostgreSQL holds two weighted tsvectors per article";

    private static readonly Dictionary<string, string> SqliteOnlyTables = new()
    {
        ["search_index_data"] = "FTS5 shadow table: PostgreSQL keeps the index in GIN indexes",
        ["search_index_idx"] = "FTS5 shadow table: PostgreSQL keeps the index in GIN indexes",
        ["search_index_docsize"] = "FTS5 shadow table: PostgreSQL keeps the index in GIN indexes",
        ["search_index_config"] = "FTS5 shadow table: PostgreSQL keeps the index in GIN indexes",
    };

    private static readonly Dictionary<(string Table, string Column), string> SqliteOnlyColumns = new()
    {
        [("search_index", "title")] = SearchReason,
        [("search_index", "title_stem")] = SearchReason,
        [("search_index", "lead")] = SearchReason,
        [("search_index", "lead_stem")] = SearchReason,
        [("search_index", "body")] = SearchReason,
        [("search_index", "body_stem")] = SearchReason,
        [("search_index", "tags")] = SearchReason,
        [("search_index", "tags_stem")] = SearchReason,
    };

    private static readonly Dictionary<(string Table, string Column), string> PostgresOnlyColumns = new()
    {
        [("search_index", "article_id")] = "the FTS5 rowid, which is the article id, as a real column",
        [("search_index", "exact")] = SearchReason,
        [("search_index", "stemmed")] = SearchReason,
        [("search_index_pending", "article_id")] = "search: triggers queue articles for the application to index (SQLite's triggers index them)",
    };

    /// <summary>Indexes PostgreSQL has and SQLite has not (FTS5 indexes itself).</summary>
    private static readonly Dictionary<string, string> PostgresOnlyIndexes = new()
    {
        ["ix_search_index_exact"] = SearchReason,
        ["ix_search_index_stemmed"] = SearchReason,
    };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newsapi-tests", Guid.NewGuid().ToString("N"));
    private readonly PostgresDatabaseFixture _fixture;

    public PostgresSchemaParityTests(PostgresDatabaseFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private NewsApi.Data.Sqlite.SqliteDatabase MigratedSqlite()
    {
        var database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={Path.Combine(_directory, "news.db")}", "FULL");
        new Migrator(database, NullLogger<Migrator>.Instance).Migrate();
        return database;
    }

    private NpgsqlConnection MigratedPostgres()
    {
        new PostgresMigrator(_fixture.ConnectionString, NullLogger<PostgresMigrator>.Instance).Migrate();
        var connection = new NpgsqlConnection(_fixture.ConnectionString);
        connection.Open();
        return connection;
    }

    private static HashSet<(string Table, string Column)> SqliteColumns(NewsApi.Data.Sqlite.SqliteDatabase database)
    {
        using var connection = database.Open();
        const string sql = """
            SELECT m.name, p.name
            FROM sqlite_master m, pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
            """;
        return connection.Query<(string, string)>(sql).ToHashSet();
    }

    private static HashSet<(string Table, string Column)> PostgresColumns(NpgsqlConnection connection) =>
        connection.Query<(string, string)>("""
            SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            """).ToHashSet();

    [PostgresFact]
    public void Every_table_and_column_of_the_SQLite_schema_exists_in_PostgreSQL_and_no_other()
    {
        using var sqlite = MigratedSqlite();
        using var postgres = MigratedPostgres();
        var sqliteColumns = SqliteColumns(sqlite);
        var postgresColumns = PostgresColumns(postgres);

        var missing = sqliteColumns
            .Where(c => !postgresColumns.Contains(c) && !SqliteOnlyTables.ContainsKey(c.Table) && !SqliteOnlyColumns.ContainsKey(c))
            .Select(c => $"{c.Table}.{c.Column}").Order().ToList();
        var extra = postgresColumns
            .Where(c => !sqliteColumns.Contains(c) && !PostgresOnlyColumns.ContainsKey(c))
            .Select(c => $"{c.Table}.{c.Column}").Order().ToList();

        Assert.True(missing.Count == 0, "Missing in PostgreSQL: " + string.Join(", ", missing));
        Assert.True(extra.Count == 0, "Only in PostgreSQL, not listed as deliberate: " + string.Join(", ", extra));
        // The list of differences stays true: each one still is one.
        Assert.All(SqliteOnlyTables.Keys, table => Assert.Contains(sqliteColumns, c => c.Table == table));
        Assert.All(SqliteOnlyTables.Keys, table => Assert.DoesNotContain(postgresColumns, c => c.Table == table));
        Assert.All(SqliteOnlyColumns.Keys, c => Assert.True(sqliteColumns.Contains(c) && !postgresColumns.Contains(c), $"{c} is no longer a difference"));
        Assert.All(PostgresOnlyColumns.Keys, c => Assert.True(postgresColumns.Contains(c) && !sqliteColumns.Contains(c), $"{c} is no longer a difference"));
    }

    [PostgresFact]
    public void Every_named_SQLite_index_exists_in_PostgreSQL_partial_where_it_is_partial()
    {
        using var sqlite = MigratedSqlite();
        using var postgres = MigratedPostgres();
        using var sqliteConnection = sqlite.Open();
        var sqliteIndexes = sqliteConnection
            .Query<(string Name, string Sql)>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            .ToDictionary(i => i.Name, i => i.Sql.Contains(" WHERE ", StringComparison.Ordinal));
        var postgresIndexes = postgres
            .Query<(string Name, string Definition)>("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix\\_%'")
            .ToDictionary(i => i.Name, i => i.Definition.Contains(" WHERE ", StringComparison.Ordinal));

        Assert.NotEmpty(sqliteIndexes);
        Assert.Equal(sqliteIndexes.OrderBy(i => i.Key), postgresIndexes.Where(i => !PostgresOnlyIndexes.ContainsKey(i.Key)).OrderBy(i => i.Key));
    }

    [PostgresFact]
    public void Timestamps_are_timestamptz_stored_JSON_is_jsonb_and_ids_are_identity_columns()
    {
        using var postgres = MigratedPostgres();
        var columns = postgres.Query<(string Table, string Column, string Type, string IsIdentity)>("""
            SELECT table_name, column_name, data_type, is_identity
            FROM information_schema.columns WHERE table_schema = 'public'
            """).ToList();

        var timestamps = columns.Where(c => c.Column.EndsWith("_at", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(timestamps);
        Assert.All(timestamps, c => Assert.True(c.Type == "timestamp with time zone", $"{c.Table}.{c.Column} is {c.Type}"));
        Assert.Equal("jsonb", columns.Single(c => c is { Table: "articles", Column: "body_blocks" }).Type);
        Assert.Equal("boolean", columns.Single(c => c is { Table: "articles", Column: "comments_open" }).Type);
        // The tables whose ids SQLite never reuses (0006's AUTOINCREMENT), and the two that SQLite could reuse but need not.
        string[] identities = ["categories", "authors", "tags", "articles", "comments", "related_links", "api_keys"];
        Assert.All(identities, table => Assert.Equal("YES", columns.Single(c => c.Table == table && c.Column == "id").IsIdentity));
    }
}
