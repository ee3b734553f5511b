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
/// word, newest first. Every lookup is bounded: a prefix is one range of a sorted array in memory (the directory, the
/// newest titles) or of a B-tree of normalised keys.
/// </summary>
public sealed class SuggestionStore(Database database, ArticleStore articles, ContentMemo memo, CategoryStore categories, TagStore tags, AuthorStore authors)
{
    public const int MaxSuggestions = 10;

    /// <summary>At most this many categories, tags and authors before the articles, so that titles are always offered.</summary>
    public const int MaxTaxonomy = 4;

    // How many keys one lookup in the database reads at most (ids only, from the primary key). A prefix with no more keys
    // than this (nearly every prefix of three letters or more) is answered exactly: its public articles, newest first. A
    // more common one (`ا`, `ال`) is answered from the NewestTitles newest public articles (the newest titles with such a
    // word), topped up, if they are too few, from the keys read.
    private const int ScannedKeys = 200;

    // The newest public titles, kept in memory with their keys per version of the article lists, and every public
    // article's place in publication order per version of the directory (ids only: 100,000 articles read in tens of
    // milliseconds, a million in about a second, by one request while the others wait). Whenever the newest titles hold
    // a full answer it is the exact one: every other public article is older than all of them, so a common prefix needs
    // no query. Any other prefix is one bounded range of keys, ordered in memory, and the titles of the ten kept: no
    // probe of the articles per key.
    private const int NewestTitles = 1_000;

    /// <summary>How many of the newest titles are kept in memory (<see cref="NewestTitles"/>; fewer in tests, to reach the keys with a small corpus).</summary>
    internal int Newest { get; init; } = NewestTitles;

    public IReadOnlyList<Suggestion> Suggest(string typed)
    {
        var prefix = SuggestionKeys.Prefix(typed);
        if (prefix.Length == 0)
        {
            return [];
        }

        var directory = Directory();
        var fromDirectory = directory.Keys.First(prefix, MaxSuggestions).Select(i => directory.Entries[i]).ToList();
        var found = Articles(prefix, MaxSuggestions - Math.Min(fromDirectory.Count, MaxTaxonomy));
        return fromDirectory.Take(MaxSuggestions - found.Count).Concat(found).ToList();
    }

    private List<Suggestion> Articles(string prefix, int limit)
    {
        var recent = Recent();
        var newest = recent.Keys.First(prefix, limit).Select(i => recent.Titles[i]).ToList();
        if (newest.Count == limit || recent.Titles.Count < Newest)
        {
            // A full answer, or every public article is among the newest: nothing older can come before these.
            return newest;
        }

        using var connection = database.OpenPublicRead();
        // The keys alone (the primary key covers them); which of their articles are public, and how new, is known in memory.
        var keys = connection.Query<int>(
            "SELECT article_id FROM suggestion_keys WHERE phrase >= @Low AND phrase < @High LIMIT @Scanned",
            new { Low = prefix, High = prefix + '\uFFFF', Scanned = ScannedKeys + 1 }).AsList();
        var order = PublicOrder();
        var ids = keys.Take(ScannedKeys).Distinct().Where(order.ContainsKey).OrderBy(id => order[id]).Take(limit).ToList();
        if (ids.Count == 0)
        {
            return newest;
        }

        var titles = connection.Query<(int Id, string Title, string Slug)>(
            $"SELECT id, title, slug FROM articles WHERE {database.Engine.InIdList("id", "@Ids")}",
            new { Ids = database.Engine.IdList(ids) }).ToDictionary(row => row.Id);
        var fromKeys = ids.Where(titles.ContainsKey).Select(id => new Suggestion(titles[id].Title, SuggestionKind.Article, titles[id].Slug));
        // With every key of the prefix read, their newest public articles are the answer; with more keys than were read,
        // the newest titles come first and the keys read top them up.
        return keys.Count <= ScannedKeys
            ? fromKeys.ToList()
            : newest.Concat(fromKeys.Where(s => !newest.Contains(s))).Take(limit).ToList();
    }

    /// <summary>The newest public titles of the current version of the lists, read by one request while the others wait for it.</summary>
    private RecentTitles Recent() =>
        // Keyed by how many are kept, as the memo is shared (tests keep fewer).
        memo.RememberFixed($"suggest:recent:{Newest}", [ContentScope.ListAll], ReadRecent);

    /// <summary>
    /// Every public article's place in publication order, newest first: ids only, from the publication index. It changes
    /// only with what is public and when (the directory's scope), not with every approved comment or edited title as the
    /// lists do: a million ids take about a second to read.
    /// </summary>
    private IReadOnlyDictionary<int, int> PublicOrder() => memo.RememberFixed("suggest:order", ArticleScopes.Directory, () =>
    {
        var matches = EveryPublicArticle();
        using var connection = database.OpenPublicRead();
        var order = new Dictionary<int, int>();
        foreach (var id in connection.Query<int>($"SELECT a.id FROM articles a WHERE {matches.Sql} ORDER BY a.published_at DESC, a.id DESC", matches.Parameters, buffered: false))
        {
            order[id] = order.Count;
        }

        return (IReadOnlyDictionary<int, int>)order;
    });

    private PublicArticleFilter EveryPublicArticle() => articles.Matching(new ArticleFilter(null, null, null, null, null, OldestFirst: false));

    private RecentTitles ReadRecent()
    {
        var matches = EveryPublicArticle();
        var parameters = matches.Parameters;
        parameters.Add("Newest", Newest);
        using var connection = database.OpenPublicRead();
        var titles = connection.Query<(string Title, string Slug)>($"""
            SELECT a.title, a.slug FROM articles a WHERE {matches.Sql}
            ORDER BY a.published_at DESC, a.id DESC
            LIMIT @Newest
            """, parameters).Select(row => new Suggestion(row.Title, SuggestionKind.Article, row.Slug)).ToList();
        return new RecentTitles(titles, new PrefixKeys(titles.Select(title => title.Text).ToList()));
    }

    /// <summary>The newest public articles, newest first, and their keys.</summary>
    private sealed record RecentTitles(List<Suggestion> Titles, PrefixKeys Keys);

    /// <summary>The public directory, most articles first, and the keys of its names.</summary>
    private sealed record DirectoryNames(List<Suggestion> Entries, PrefixKeys Keys);

    // The whole public directory, far smaller than the archive: the stores count it once per version of the directory;
    // kept here, once per version too, as keys sorted for a binary search.
    private DirectoryNames Directory() => memo.RememberFixed("suggest:directory", [ContentScope.Taxonomy, ContentScope.Labels], () =>
    {
        var entries = new List<(Suggestion Suggestion, int Articles)>();
        entries.AddRange(categories.All().Select(c => (new Suggestion(c.Name, SuggestionKind.Category, c.Slug), c.ArticleCount)));
        entries.AddRange(tags.All().Select(t => (new Suggestion(t.Name, SuggestionKind.Tag, t.Slug), t.ArticleCount)));
        entries.AddRange(authors.All().Select(a => (new Suggestion(a.Name, SuggestionKind.Author, a.Slug), a.ArticleCount)));
        var ranked = entries.OrderByDescending(entry => entry.Articles).ThenBy(entry => entry.Suggestion.Text, StringComparer.Ordinal)
            .Select(entry => entry.Suggestion).ToList();
        return new DirectoryNames(ranked, new PrefixKeys(ranked.Select(entry => entry.Text).ToList()));
    });

    /// <summary>
    /// Texts as prefix keys, sorted (ordinal, as the database's keys) for a binary search. A lookup answers the first
    /// texts, in the order they were given (best first), that have a key starting with the prefix.
    /// </summary>
    private sealed class PrefixKeys
    {
        private readonly string[] _keys;
        private readonly int[] _texts;
        private readonly int _count;

        public PrefixKeys(IReadOnlyList<string> texts)
        {
            _count = texts.Count;
            var keyed = texts.SelectMany((text, index) => SuggestionKeys.Of(text).Select(key => (Key: key, Index: index)))
                .OrderBy(k => k.Key, StringComparer.Ordinal).ToArray();
            _keys = keyed.Select(k => k.Key).ToArray();
            _texts = keyed.Select(k => k.Index).ToArray();
        }

        /// <summary>The indexes of the first <paramref name="limit"/> texts with a key starting with <paramref name="prefix"/>, in order.</summary>
        public List<int> First(string prefix, int limit)
        {
            var found = new List<int>(limit);
            var start = Array.BinarySearch(_keys, prefix, StringComparer.Ordinal);
            if (start < 0)
            {
                start = ~start;
            }

            if (limit <= 0 || start >= _keys.Length || !_keys[start].StartsWith(prefix, StringComparison.Ordinal))
            {
                return found;
            }

            // A common prefix has thousands of keys: marking their texts and reading the marks in order is linear in both.
            var matched = System.Buffers.ArrayPool<bool>.Shared.Rent(_count);
            try
            {
                Array.Clear(matched, 0, _count);
                for (var i = start; i < _keys.Length && _keys[i].StartsWith(prefix, StringComparison.Ordinal); i++)
                {
                    matched[_texts[i]] = true;
                }

                for (var text = 0; text < _count && found.Count < limit; text++)
                {
                    if (matched[text])
                    {
                        found.Add(text);
                    }
                }

                return found;
            }
            finally
            {
                System.Buffers.ArrayPool<bool>.Shared.Return(matched);
            }
        }
    }
}
