using System.Text.Json;
using Dapper;
using NewsApi.Text;

namespace NewsApi.Search;

/// <summary>
/// The prefix keys suggestions are looked up by (table <c>suggestion_keys</c>, SQLite migration 0016, PostgreSQL 0014):
/// a text from each of its words to the end, normalised by <see cref="SearchWords"/> exactly as search normalises,
/// and the prefix a reader types is normalised by the same code, so `الروس` meets `الروسى`, `اسبانيا` meets `إسبانيا`.
/// </summary>
public static class SuggestionKeys
{
    /// <summary>The longest prefix a client may send, and so the longest key worth keeping.</summary>
    public const int MaxLength = 50;

    /// <summary>
    /// The keys of <paramref name="text"/>: from each word that is not a stop-word to the end, cut to
    /// <see cref="MaxLength"/>; a word starting with the article ال gives a second key without it (`روس` finds `الروسى`).
    /// </summary>
    public static IReadOnlyList<string> Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var words = SearchWords.Split(text).Select(word => word.Normalized).ToArray();
        var keys = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            if (SearchWords.StopWords.Contains(words[i]))
            {
                continue;
            }

            var rest = Cut(string.Join(' ', words.Skip(i)));
            keys.Add(rest);
            if (words[i].Length > 3 && words[i].StartsWith("ال", StringComparison.Ordinal))
            {
                keys.Add(Cut(rest[2..]));
            }
        }

        return keys.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A prefix as typed, in the form of the keys; empty when it has no word.</summary>
    public static string Prefix(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var normalized = string.Join(' ', SearchWords.Split(typed).Select(word => word.Normalized));
        return Cut(normalized);
    }

    /// <summary>SQLite's <c>news_suggestion_keys(title)</c>: the keys as a JSON array, for <c>json_each</c> in the triggers.</summary>
    public static string AsJson(string? text) => JsonSerializer.Serialize(Of(text).ToArray(), NewsApiJsonContext.Default.StringArray);

    /// <summary>PostgreSQL: replaces the keys of these articles (the search index writer calls it with their titles).</summary>
    public static void Write(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, IReadOnlyCollection<(long Id, string Title)> articles)
    {
        const string replace = """
            DELETE FROM suggestion_keys WHERE article_id = ANY(@Ids);
            INSERT INTO suggestion_keys (phrase, article_id)
            SELECT DISTINCT k.phrase, k.article_id FROM unnest(@Phrases, @ArticleIds) AS k (phrase, article_id)
            ON CONFLICT DO NOTHING;
            """;
        var keys = articles.SelectMany(article => Of(article.Title).Select(key => (Key: key, article.Id))).ToList();
        connection.Execute(replace, new
        {
            Ids = articles.Select(article => article.Id).ToArray(),
            Phrases = keys.Select(key => key.Key).ToArray(),
            ArticleIds = keys.Select(key => key.Id).ToArray(),
        }, transaction);
    }

    // Never between the two halves of a surrogate pair, which would not be valid text in either engine.
    private static string Cut(string key)
    {
        if (key.Length <= MaxLength)
        {
            return key;
        }

        var length = char.IsHighSurrogate(key[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return key[..length].TrimEnd();
    }
}
