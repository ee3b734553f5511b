using Dapper;
using NewsApi.Articles;
using NewsApi.Authors;
using NewsApi.Categories;
using NewsApi.Data;
using NewsApi.Http;
using NewsApi.Tags;

namespace NewsApi.Search;

/// <summary>
/// Suggestions for a prefix (GET /api/v1/search/suggest). Popularity, the order they come in: first the categories,
/// tags and authors whose name has a word starting with the prefix, most articles first (at most
/// <see cref="MaxTaxonomy"/> of them while articles fill the rest), then the public articles whose title has such a
/// word, newest first. Every lookup is bounded: a prefix is one range of a B-tree of normalised keys.
/// </summary>
public sealed class SuggestionStore(Database database, ArticleStore articles, ContentMemo memo, CategoryStore categories, TagStore tags, AuthorStore authors)
{
    private readonly SearchIndexSql _index = SearchIndexSql.For(database.Engine);

    public const int MaxSuggestions = 10;

    /// <summary>At most this many categories, tags and authors before the articles, so that titles are always offered.</summary>
    public const int MaxTaxonomy = 4;

    // How many keys one lookup reads at most. A prefix with no more keys than this (nearly every prefix of three letters or
    // more) is answered exactly: its public articles, newest first. A more common one (`ا`, `ال`) is answered from the
    // newest public articles, at most NewestWalked of them walked in publication order and each probed for a key (the
    // newest titles with such a word), topped up, if they are too few, from the keys read.
    private const int ScannedKeys = 200;
    private const int NewestWalked = 1_000;

    // The whole public directory, far smaller than the archive: read with its counts once per version (the stores
    // remember it too) and kept as keys sorted for a binary search.
    private const int DirectoryPage = 100_000;

    public IReadOnlyList<Suggestion> Suggest(string typed)
    {
        var prefix = SuggestionKeys.Prefix(typed);
        if (prefix.Length == 0)
        {
            return [];
        }

        var fromDirectory = Directory().Find(prefix, MaxSuggestions);
        var found = Articles(prefix, MaxSuggestions - Math.Min(fromDirectory.Count, MaxTaxonomy));
        return fromDirectory.Take(MaxSuggestions - found.Count).Concat(found).ToList();
    }

    private List<Suggestion> Articles(string prefix, int limit)
    {
        var matches = articles.Matching(new ArticleFilter(null, null, null, null, null, OldestFirst: false));
        var parameters = matches.Parameters;
        parameters.Add("Low", prefix);
        parameters.Add("High", prefix + '\uFFFF');
        parameters.Add("Scanned", ScannedKeys + 1);
        parameters.Add("Walked", NewestWalked);
        parameters.Add("Limit", limit);

        using var connection = database.OpenPublicRead();
        // The keys alone first (the primary key covers them); visibility and dates only for those kept.
        var keyed = connection.Query<long>("SELECT article_id FROM suggestion_keys WHERE phrase >= @Low AND phrase < @High LIMIT @Scanned", parameters)
            .Distinct().ToList();
        var ids = new List<long>();
        if (keyed.Count > ScannedKeys)
        {
            var newest = $"""
                SELECT recent.id
                FROM (SELECT a.id, a.published_at FROM articles a WHERE {matches.Sql}
                      ORDER BY a.published_at DESC, a.id DESC LIMIT @Walked) AS recent
                WHERE EXISTS (SELECT 1 FROM suggestion_keys k WHERE k.article_id = recent.id AND k.phrase >= @Low AND k.phrase < @High)
                ORDER BY recent.published_at DESC, recent.id DESC
                LIMIT @Limit
                """;
            ids.AddRange(connection.Query<long>(newest, parameters));
        }

        if (ids.Count < limit && keyed.Count > 0)
        {
            parameters.Add("Ids", database.Engine.IdList(keyed.Take(ScannedKeys).Select(id => (int)id)));
            var newestOfKeyed = $"""
                SELECT a.id FROM {_index.ArticlesById}
                WHERE {database.Engine.InIdList("a.id", "@Ids")} AND {matches.Sql}
                ORDER BY a.published_at DESC, a.id DESC
                LIMIT @Limit
                """;
            ids.AddRange(connection.Query<long>(newestOfKeyed, parameters).Where(id => !ids.Contains(id)).ToList());
        }

        if (ids.Count == 0)
        {
            return [];
        }

        var titles = connection.Query<(long Id, string Title, string Slug)>(
            $"SELECT id, title, slug FROM articles WHERE {database.Engine.InIdList("id", "@Ids")}",
            new { Ids = database.Engine.IdList(ids.Select(id => (int)id)) }).ToDictionary(row => row.Id);
        return ids.Where(titles.ContainsKey).Take(limit).Select(id => new Suggestion(titles[id].Title, SuggestionKind.Article, titles[id].Slug)).ToList();
    }

    private DirectoryKeys Directory() => memo.Remember("suggest:directory", [ContentScope.Taxonomy, ContentScope.Labels], () =>
    {
        var page = new PageRequest(1, DirectoryPage);
        var entries = new List<(Suggestion Suggestion, int Articles)>();
        entries.AddRange(categories.List(page).Items.Select(c => (new Suggestion(c.Name, SuggestionKind.Category, c.Slug), c.ArticleCount)));
        entries.AddRange(tags.List(page).Items.Select(t => (new Suggestion(t.Name, SuggestionKind.Tag, t.Slug), t.ArticleCount)));
        entries.AddRange(authors.List(page).Items.Select(a => (new Suggestion(a.Name, SuggestionKind.Author, a.Slug), a.ArticleCount)));
        return new DirectoryKeys(entries);
    });

    /// <summary>The public directory's names as prefix keys, sorted (ordinal, as the database's keys), for a binary search.</summary>
    private sealed class DirectoryKeys
    {
        private readonly string[] _keys;
        private readonly int[] _entries;
        private readonly List<(Suggestion Suggestion, int Articles)> _all;

        public DirectoryKeys(List<(Suggestion Suggestion, int Articles)> entries)
        {
            _all = entries;
            var keyed = entries.SelectMany((entry, index) => SuggestionKeys.Of(entry.Suggestion.Text).Select(key => (Key: key, Index: index)))
                .OrderBy(k => k.Key, StringComparer.Ordinal).ToArray();
            _keys = keyed.Select(k => k.Key).ToArray();
            _entries = keyed.Select(k => k.Index).ToArray();
        }

        public List<Suggestion> Find(string prefix, int limit)
        {
            var start = Array.BinarySearch(_keys, prefix, StringComparer.Ordinal);
            if (start < 0)
            {
                start = ~start;
            }

            var found = new HashSet<int>();
            for (var i = start; i < _keys.Length && _keys[i].StartsWith(prefix, StringComparison.Ordinal); i++)
            {
                found.Add(_entries[i]);
            }

            return found.Select(index => _all[index])
                .OrderByDescending(entry => entry.Articles).ThenBy(entry => entry.Suggestion.Text, StringComparer.Ordinal)
                .Take(limit).Select(entry => entry.Suggestion).ToList();
        }
    }
}
