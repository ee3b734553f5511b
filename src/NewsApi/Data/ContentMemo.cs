namespace NewsApi.Data;

/// <summary>
/// Remembers values computed from public content, such as how many articles match a filter, until that content
/// changes. Entries belong to one content version (<see cref="ContentState"/>): the first request that sees a new
/// version starts afresh, so no write has to evict anything and no value outlives the content it was counted from.
/// </summary>
/// <remarks>
/// Counting 100,000 public articles reads the whole publication index (about 10 ms); every page of a list needs
/// the count, and the output cache holds each page's answer separately.
/// </remarks>
public sealed class ContentMemo(ContentState state)
{
    // A bound on memory when clients send many different filters; reaching it just starts afresh.
    private const int MaxEntries = 10_000;

    private readonly Lock _gate = new();
    private Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private string? _version;

    /// <summary>The count stored under <paramref name="key"/> for the current content, or <paramref name="count"/>'s answer.</summary>
    public int Count(string key, Func<int> count)
    {
        var version = state.Current().ETag;
        lock (_gate)
        {
            if (version != _version || _counts.Count >= MaxEntries)
            {
                _counts = new Dictionary<string, int>(StringComparer.Ordinal);
                _version = version;
            }
            else if (_counts.TryGetValue(key, out var known))
            {
                return known;
            }
        }

        var value = count();
        lock (_gate)
        {
            // Only under the version it was counted for: a request that has moved the memo on must not get it.
            if (version == _version)
            {
                _counts[key] = value;
            }
        }

        return value;
    }
}
