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
    // A bound on memory when clients send many different filters (every distinct search has its own count). Reaching it
    // starts a new generation and keeps the last one: an entry asked for again is carried over, and what every request
    // needs is kept apart (RememberFixed), so a stream of one-off filters can push out only other one-off filters.
    private const int MaxEntries = 10_000;

    private readonly Lock _gate = new();
    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private Dictionary<string, Entry> _previous = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _fixed = new(StringComparer.Ordinal);

    /// <summary>
    /// The value stored under <paramref name="key"/> for the current version of <paramref name="scopes"/>, or
    /// <paramref name="compute"/>'s answer. For keys made of what a client sent (a filter, a query, a slug): kept while
    /// there is room, as explained at <see cref="MaxEntries"/>.
    /// </summary>
    /// <remarks>
    /// Values are shared between requests: store immutable ones (records, read-only lists). A computation that throws
    /// is not kept: the requests waiting for it see its exception, and the next one computes again.
    /// </remarks>
    public T Remember<T>(string key, IReadOnlyCollection<string> scopes, Func<T> compute)
        where T : notnull => Remember(key, scopes, compute, isFixed: false);

    /// <summary>
    /// As <see cref="Remember{T}"/>, for one of the few values whose key is a name written in the code (the directory's
    /// lists, the suggestions' tables): never pushed out by other keys, only replaced when its scopes move. Such a value
    /// can take seconds to compute at a million articles, and a quiet minute of it between streams of distinct searches
    /// (tens of thousands of counts) once dropped it, and the next suggestions waited for it.
    /// </summary>
    public T RememberFixed<T>(string name, IReadOnlyCollection<string> scopes, Func<T> compute)
        where T : notnull => Remember(name, scopes, compute, isFixed: true);

    private T Remember<T>(string key, IReadOnlyCollection<string> scopes, Func<T> compute, bool isFixed)
        where T : notnull
    {
        var version = state.Of(scopes);
        Entry entry;
        lock (_gate)
        {
            var known = Find(key, isFixed);
            if (known is not null && known.Version == version)
            {
                entry = known;
            }
            else
            {
                entry = new Entry(version, new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication));
                // Never over a value of a later version that another request stored meanwhile: this one is computed for
                // this request alone.
                if (known is null || known.Version.Version <= version.Version)
                {
                    Store(key, entry, isFixed);
                }
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
                var entries = isFixed ? _fixed : _entries;
                if (entries.TryGetValue(key, out var known) && ReferenceEquals(known, entry))
                {
                    entries.Remove(key);
                }
            }

            throw;
        }
    }

    /// <summary>The entry under <paramref name="key"/> in this generation, or carried over from the last one. Under the gate.</summary>
    private Entry? Find(string key, bool isFixed)
    {
        if ((isFixed ? _fixed : _entries).TryGetValue(key, out var entry))
        {
            return entry;
        }

        if (!isFixed && _previous.Remove(key, out entry))
        {
            Store(key, entry, isFixed);
        }

        return entry;
    }

    /// <summary>Stores an entry in this generation, starting a new one when it is full. Under the gate.</summary>
    private void Store(string key, Entry entry, bool isFixed)
    {
        if (isFixed)
        {
            _fixed[key] = entry;
            return;
        }

        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(key))
        {
            _previous = _entries;
            _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        }

        _entries[key] = entry;
    }

    private sealed record Entry(ContentVersion Version, Lazy<object> Value);
}
