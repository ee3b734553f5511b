using System.Text;
using NewsApi.Text;

namespace NewsApi.Search;

/// <summary>
/// One word of a query: its normalised form, matched against the exact columns, and its stems (one, or two when a
/// leading و may be a conjunction or the word's own letter; see <see cref="ArabicStemmer.Stems"/>).
/// </summary>
public sealed record SearchTerm(string Exact, IReadOnlyList<string> Stems);

/// <summary>
/// A reader's query turned into search terms. The text is never handed to FTS5 as syntax: it is split into words
/// in C# (so <c>AND</c>, <c>NEAR</c>, quotes, <c>*</c>, <c>^</c>, <c>:</c> and brackets are plain words or
/// nothing), stop-words are dropped, and every remaining word becomes a quoted FTS5 string.
/// </summary>
public sealed class SearchTerms
{
    /// <summary>Words beyond this many are ignored; a 200-character query rarely has more.</summary>
    public const int MaxTerms = 20;

    private const string ExactColumns = "{title lead body tags}";
    private const string StemColumns = "{title_stem lead_stem body_stem tags_stem}";

    private SearchTerms(IReadOnlyList<SearchTerm> terms, bool onlyStopWords)
    {
        Terms = terms;
        OnlyStopWords = onlyStopWords;
    }

    public IReadOnlyList<SearchTerm> Terms { get; }

    /// <summary>True when the query had words but every one was a stop-word (في, من, على …).</summary>
    public bool OnlyStopWords { get; }

    public bool IsEmpty => Terms.Count == 0;

    /// <summary>
    /// The index of the term each normalised word of a snippet's text matches, or -1, as <see cref="SearchSnippet"/> has
    /// found them: one search's memo (its snippets are built one after the other, on one thread).
    /// </summary>
    internal Dictionary<string, int> TermOfWord { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The same per original spelling (as written, before normalisation), for texts in NFKC and for the others (a word is
    /// normalised a little differently in each: see <see cref="SearchWords.AddNormalized"/>).
    /// </summary>
    internal Dictionary<string, int> TermOfKcSpelling { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc cref="TermOfKcSpelling"/>
    internal Dictionary<string, int> TermOfOtherSpelling { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The letters of each term's stems written in Arabic letters alone, as <see cref="SearchSnippet.LetterSet"/> gives
    /// them (a stem with any other character cannot be part of a word of Arabic letters alone, so it has none here).
    /// </summary>
    internal ulong[] StemLetterSets => _stemLetterSets ??=
        Terms.SelectMany(term => term.Stems).Select(stem => SearchSnippet.LetterSet(stem)).OfType<ulong>().ToArray();

    private ulong[]? _stemLetterSets;

    public static SearchTerms Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return new SearchTerms([], false);
        }

        var terms = new List<SearchTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hadWords = false;
        foreach (var word in SearchWords.Split(query))
        {
            hadWords = true;
            if (SearchWords.StopWords.Contains(word.Normalized) || !seen.Add(word.Normalized))
            {
                continue;
            }

            terms.Add(new SearchTerm(word.Normalized, ArabicStemmer.Stems(word.Normalized)));
            if (terms.Count == MaxTerms)
            {
                break;
            }
        }

        return new SearchTerms(terms, hadWords && terms.Count == 0);
    }

    /// <summary>
    /// The FTS5 MATCH expression: every term must match, either as the exact normalised word or as its stem.
    /// Both alternatives are in the expression so that bm25 scores an exact match above a stemmed one.
    /// </summary>
    public string ToMatchExpression()
    {
        var expression = new StringBuilder();
        foreach (var term in Terms)
        {
            if (expression.Length > 0)
            {
                expression.Append(" AND ");
            }

            expression.Append('(').Append(ExactColumns).Append(" : ").Append(Quote(term.Exact))
                .Append(" OR ").Append(StemsOf(term)).Append(')');
        }

        return expression.ToString();
    }

    /// <summary>
    /// The phrases of <see cref="ToMatchExpression"/> in FTS5's order (as written, left to right), each alone with its
    /// columns: per term, the exact word in the exact columns, then each stem in the stem columns. Relevance takes how
    /// many documents hold each from the index's statistics (see <see cref="Fts5Bm25"/>).
    /// </summary>
    public IEnumerable<string> RankedPhrases() =>
        Terms.SelectMany(term => term.Stems.Select(stem => $"{StemColumns} : {Quote(stem)}").Prepend($"{ExactColumns} : {Quote(term.Exact)}"));

    /// <summary>
    /// The cheaper MATCH expression that finds the same articles without scoring exactness: an exact match is
    /// always a stem match too. For counting and for orders that do not use bm25.
    /// </summary>
    public string ToFilterExpression() => string.Join(" AND ", Terms.Select(StemsOf));

    private static string StemsOf(SearchTerm term) =>
        term.Stems.Count == 1
            ? $"{StemColumns} : {Quote(term.Stems[0])}"
            : $"{StemColumns} : ({string.Join(" OR ", term.Stems.Select(Quote))})";

    // An FTS5 string: double quotes around, inner double quotes doubled. Words never contain one, but the
    // quoting must not depend on that.
    private static string Quote(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
