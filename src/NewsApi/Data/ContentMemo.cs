namespace NewsApi.Data;

/// <summary>
/// Remembers values computed from public content, such as how many articles match a filter, the tags with their
/// counts, or which article a slug names, until the content scopes they were computed from change
/// (<see cref="ContentState.Of"/>): an entry is kept with the version of its scopes and answered only while that is
/// still their version, so no write has to evict anything and no value outlives the content it was counted from.
/// </summary>
/// <remarks>
/// Counting 100,000 public articles reads the whole publication index (about 10 ms), counting the articles of every
/// tag joins 250,000 rows (over 100 ms, and seconds at a million articles); every page of a list needs its count, and
/// the output cache holds each page's answer separately (or is turned off behind a CDN). So a value is computed once
/// per key and version: the requests that ask for it meanwhile wait for that computation instead of each starting
/// their own (32 concurrent suggestions once each counted every tag's articles at the same time).
/// </remarks>
public sealed class ContentMemo(ContentState state)
{
    // A bound on memory when clients send many different filters; reaching it just starts afresh.
    private const int MaxEntries = 10_000;

    private readonly Lock _gate = new();
    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The value stored under <paramref name="key"/> for the current version of <paramref name="scopes"/>, or <paramref name="compute"/>'s answer.</summary>
    /// <remarks>
    /// Values are shared between requests: store immutable ones (records, read-only lists). A computation that throws
    /// is not kept: the requests waiting for it see its exception, and the next one computes again.
    /// </remarks>
    public T Remember<T>(string key, IReadOnlyCollection<string> scopes, Func<T> compute)
        where T : notnull
    {
        var version = state.Of(scopes);
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var known) || known.Version != version)
            {
                entry = new Entry(version, new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication));
                if (_entries.Count >= MaxEntries)
                {
                    _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
                }

                // Never over a value of a later version that another request stored meanwhile: this one is computed for
                // this request alone.
                if (known is null || known.Version.Version <= version.Version)
                {
                    _entries[key] = entry;
                }
            }
            else
            {
                entry = known;
            }
        }

        try
        {
            return (T)entry.Value.Value;
        }
        catch
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var known) && ReferenceEquals(known, entry))
                {
                    _entries.Remove(key);
                }
            }

            throw;
        }
    }

    private sealed record Entry(ContentVersion Version, Lazy<object> Value);
}
