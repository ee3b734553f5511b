namespace NewsApi.Data;

/// <summary>
/// Remembers values computed from public content, such as how many articles match a filter or the tags with their
/// counts, until that content
/// changes. Entries belong to one content version (<see cref="ContentState"/>): the first request that sees a new
/// version starts afresh, so no write has to evict anything and no value outlives the content it was counted from.
/// </summary>
/// <remarks>
/// Counting 100,000 public articles reads the whole publication index (about 10 ms), counting the articles of every
/// tag joins 250,000 rows (over 100 ms); every page of a list needs its count, and the output cache holds each
/// page's answer separately (or is turned off behind a CDN).
/// </remarks>
public sealed class ContentMemo(ContentState state)
{
    // A bound on memory when clients send many different filters; reaching it just starts afresh.
    private const int MaxEntries = 10_000;

    private readonly Lock _gate = new();
    private Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private string? _version;

    /// <summary>The value stored under <paramref name="key"/> for the current content, or <paramref name="compute"/>'s answer.</summary>
    /// <remarks>Values are shared between requests: store immutable ones (records, read-only lists).</remarks>
    public T Remember<T>(string key, Func<T> compute)
        where T : notnull
    {
        var version = state.Current().ETag;
        lock (_gate)
        {
            if (version != _version || _values.Count >= MaxEntries)
            {
                _values = new Dictionary<string, object>(StringComparer.Ordinal);
                _version = version;
            }
            else if (_values.TryGetValue(key, out var known))
            {
                return (T)known;
            }
        }

        var value = compute();
        lock (_gate)
        {
            // Only under the version it was counted for: a request that has moved the memo on must not get it.
            if (version == _version)
            {
                _values[key] = value;
            }
        }

        return value;
    }
}
