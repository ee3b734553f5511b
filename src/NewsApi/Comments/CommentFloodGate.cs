using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace NewsApi.Comments;

/// <summary>
/// Flood control: one submission per e-mail and client address together within <c>FloodIntervalSeconds</c>.
/// Kept in memory rather than read from stored comments, because a duplicate (which stores nothing) must count
/// exactly as an accepted comment does, and because keying on the address as well means no one learns from a 429
/// that an e-mail was used by somebody else. A pass is taken atomically, so two requests at once cannot both pass
/// even on PostgreSQL, where submissions have no process-wide write turn; it belongs to the submission that took
/// it, so the same submission run again (a retried transaction) passes again, and it is withdrawn when the
/// submission fails without storing anything.
/// </summary>
public sealed class CommentFloodGate(IOptions<NewsApiOptions> options)
{
    private const int PruneAbove = 4096;

    private readonly ConcurrentDictionary<(string Email, string Address), Pass> _last = new();

    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0, options.Value.Comments.FloodIntervalSeconds));

    /// <summary>Lets <paramref name="submission"/> through now and counts it, unless another one of the pair came within the interval.</summary>
    /// <param name="submission">Whose pass this is: the same object asking again is let through again.</param>
    /// <returns>Null when the submission may go on; otherwise how long until the pair may submit.</returns>
    public TimeSpan? TryPass(string email, string? clientAddress, DateTimeOffset now, object submission)
    {
        if (Interval == TimeSpan.Zero)
        {
            return null;
        }

        var key = (email, clientAddress ?? "");
        var pass = new Pass(now, submission);
        while (true)
        {
            if (!_last.TryGetValue(key, out var last))
            {
                if (_last.TryAdd(key, pass))
                {
                    break;
                }
            }
            else if (!ReferenceEquals(last.Submission, submission) && last.At + Interval > now)
            {
                return last.At + Interval - now;
            }
            else if (_last.TryUpdate(key, pass, last))
            {
                break;
            }
        }

        Prune(now);
        return null;
    }

    /// <summary>Takes back the pass of a submission that stored nothing (its transaction failed), so a retry is not refused as a flood.</summary>
    public void Withdraw(string email, string? clientAddress, object submission)
    {
        var key = (email, clientAddress ?? "");
        if (_last.TryGetValue(key, out var last) && ReferenceEquals(last.Submission, submission))
        {
            _last.TryRemove(KeyValuePair.Create(key, last));
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (_last.Count <= PruneAbove)
        {
            return;
        }

        // Entries past the interval decide nothing any more; dropping them bounds memory under a flood of e-mails.
        foreach (var (key, last) in _last)
        {
            if (last.At + Interval <= now)
            {
                _last.TryRemove(KeyValuePair.Create(key, last));
            }
        }
    }

    // A class, not a record: the dictionary's compare-and-swap must compare passes by identity.
    private sealed class Pass(DateTimeOffset at, object submission)
    {
        public DateTimeOffset At => at;

        public object Submission => submission;
    }
}
