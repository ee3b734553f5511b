using System.Data.Common;
using System.Text;
using Dapper;
using NewsApi.Data;
using NewsApi.Text;
using Npgsql;

namespace NewsApi.Search;

/// <summary>
/// Writes PostgreSQL's search_index, which its triggers cannot: they only queue the articles whose searchable text
/// changed (search_index_pending, postgres migration 0002), and this computes their words with the same splitter,
/// normaliser and stemmer as SQLite's index (<see cref="SearchWords"/>, <see cref="ArabicStemmer"/>). Every writer of
/// content calls <see cref="Flush"/> before it commits, so an article and its index row commit together. On SQLite the
/// FTS5 triggers of migration 0002 index every write themselves, and <see cref="Flush"/> does nothing.
/// </summary>
public static class SearchIndexWriter
{
    // How many articles are read and written per statement when many are queued (a rebuild, a generated corpus).
    private const int ChunkSize = 500;

    // PostgreSQL refuses a lexeme of 2 KiB or more, and keeps at most 256 positions of one lexeme.
    private const int MaxLexemeBytes = 2046;
    private const int MaxPositionsPerLexeme = 256;
    private const int MaxPosition = 16383;

    /// <summary>Indexes every queued article inside the caller's transaction and empties the queue.</summary>
    /// <returns>How many queued articles there were.</returns>
    public static int Flush(DbConnection connection, DbTransaction? transaction)
    {
        if (connection is not NpgsqlConnection)
        {
            return 0;
        }

        var queued = connection.Query<long>("DELETE FROM search_index_pending RETURNING article_id", transaction: transaction).AsList();
        foreach (var chunk in queued.Chunk(ChunkSize))
        {
            Index(connection, transaction, chunk);
        }

        return queued.Count;
    }

    /// <summary>
    /// Indexes what writes from outside the application (psql, a restore script) left queued, before a search reads
    /// the index: one indexed lookup when nothing is queued, which is the usual case.
    /// </summary>
    public static void CatchUp(Database database, DbConnection connection)
    {
        if (database.Engine == DatabaseEngine.Postgres
            && connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM search_index_pending)"))
        {
            database.Write(write => Flush(write.Connection, write.Transaction));
        }
    }

    private static void Index(DbConnection connection, DbTransaction? transaction, long[] ids)
    {
        // Articles deleted since they were queued are not found: their index row went with them (ON DELETE CASCADE).
        const string documents = $"""
            SELECT a.id AS Id, a.title AS Title, a.subtitle AS Subtitle, a.excerpt AS Excerpt, {StoredBody.TextColumns},
                   (SELECT string_agg(t.name, ' ' ORDER BY at.position)
                    FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id) AS Tags
            FROM articles a
            WHERE a.id = ANY(@ids)
            """;
        var rows = connection.Query<DocumentRow>(documents, new { ids }, transaction).AsList();
        if (rows.Count == 0)
        {
            return;
        }

        const string upsert = """
            INSERT INTO search_index (article_id, exact, stemmed)
            SELECT id, exact::tsvector, stemmed::tsvector FROM unnest(@Ids, @Exact, @Stemmed) AS d (id, exact, stemmed)
            ON CONFLICT (article_id) DO UPDATE SET exact = excluded.exact, stemmed = excluded.stemmed
            """;
        connection.Execute(upsert, new
        {
            Ids = rows.Select(r => r.Id).ToArray(),
            Exact = rows.Select(r => Vector(r, stemmed: false)).ToArray(),
            Stemmed = rows.Select(r => Vector(r, stemmed: true)).ToArray(),
        }, transaction);
        SuggestionKeys.Write(connection, transaction, rows.Select(r => (r.Id, r.Title)).ToList());
    }

    /// <summary>
    /// The article's words as tsvector input text: each lexeme quoted, with its positions and weights — A the title,
    /// B the subtitle, excerpt and tags, D the body — in that order, so that a word's first position is in its
    /// weightiest field (ts_rank counts a lexeme's later positions less). Built here rather than with to_tsvector,
    /// whose parser would split and fold the words again by the server's locale.
    /// </summary>
    private static string Vector(DocumentRow row, bool stemmed)
    {
        var lexemes = new Dictionary<string, Positions>(StringComparer.Ordinal);
        var position = 0;
        AddField(lexemes, row.Title, 'A', stemmed, ref position);
        AddField(lexemes, row.Subtitle, 'B', stemmed, ref position);
        AddField(lexemes, row.Excerpt, 'B', stemmed, ref position);
        AddField(lexemes, row.Tags, 'B', stemmed, ref position);
        AddField(lexemes, row.BodyText, 'D', stemmed, ref position);

        var vector = new StringBuilder();
        foreach (var (lexeme, positions) in lexemes)
        {
            vector.Append(vector.Length > 0 ? " '" : "'").Append(Escape(lexeme)).Append("':").Append(positions);
        }

        return vector.ToString();
    }

    private static void AddField(Dictionary<string, Positions> lexemes, string? text, char weight, bool stemmed, ref int position)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var word in SearchWords.Split(text))
        {
            position = Math.Min(position + 1, MaxPosition);
            IEnumerable<string> forms = stemmed ? ArabicStemmer.Stems(word.Normalized) : [word.Normalized];
            foreach (var form in forms)
            {
                if (Encoding.UTF8.GetByteCount(form) > MaxLexemeBytes)
                {
                    continue;
                }

                if (!lexemes.TryGetValue(form, out var positions))
                {
                    lexemes[form] = positions = new Positions();
                }

                positions.Add(position, weight);
            }
        }
    }

    /// <summary>One lexeme's positions in tsvector input form (<c>1A,7B,40</c>); D, the default weight, is left unwritten.</summary>
    private sealed class Positions
    {
        private readonly StringBuilder _text = new();
        private int _count;

        public void Add(int position, char weight)
        {
            if (_count == MaxPositionsPerLexeme)
            {
                return;
            }

            _text.Append(_count++ > 0 ? "," : "").Append(position);
            if (weight != 'D')
            {
                _text.Append(weight);
            }
        }

        public override string ToString() => _text.ToString();
    }

    /// <summary>A lexeme quoted for tsvector and tsquery input: quotes and backslashes escaped, so no word is ever syntax.</summary>
    public static string Escape(string lexeme) =>
        lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal);

    private sealed class DocumentRow
    {
        public long Id { get; init; }

        public string Title { get; init; } = "";

        public string? Subtitle { get; init; }

        public string Excerpt { get; init; } = "";

        public byte[]? Body { get; init; }

        public string? LegacyText { get; init; }

        public string BodyText => StoredBody.Text(Body, LegacyText);

        public string? Tags { get; init; }
    }
}
