using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace NewsApi.Comments;

/// <summary>
/// Flood control: one submission per e-mail and client address together within <c>FloodIntervalSeconds</c>.
/// Kept in memory rather than read from stored comments, because a duplicate (which stores nothing) must count
/// exactly as an accepted comment does, and because keying on the address as well means no one learns from a 429
/// that an e-mail was used by somebody else. Asked and recorded inside the submission's write turn, so two
/// requests cannot both pass.
/// </summary>
public sealed class CommentFloodGate(IOptions<NewsApiOptions> options)
{
    private const int PruneAbove = 4096;

    private readonly ConcurrentDictionary<(string Email, string Address), DateTimeOffset> _last = new();

    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0, options.Value.Comments.FloodIntervalSeconds));

    /// <returns>Null when the pair may submit now; otherwise how long until it may.</returns>
    public TimeSpan? Wait(string email, string? clientAddress, DateTimeOffset now) =>
        _last.TryGetValue((email, clientAddress ?? ""), out var last) && last + Interval > now ? last + Interval - now : null;

    public void Record(string email, string? clientAddress, DateTimeOffset now)
    {
        if (Interval == TimeSpan.Zero)
        {
            return;
        }

        _last[(email, clientAddress ?? "")] = now;
        if (_last.Count > PruneAbove)
        {
            // Entries past the interval decide nothing any more; dropping them bounds memory under a flood of e-mails.
            foreach (var (key, at) in _last)
            {
                if (at + Interval <= now)
                {
                    _last.TryRemove(key, out _);
                }
            }
        }
    }
}
