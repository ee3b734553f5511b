using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NewsApi.Http;

namespace NewsApi.Comments;

/// <summary>
/// Flood control: one submission per e-mail and client address together within <c>FloodIntervalSeconds</c>.
/// Kept apart from stored comments rather than read from them, because a duplicate (which stores nothing) must count
/// exactly as an accepted comment does, and because keying on the address as well means no one learns from a 429
/// that an e-mail was used by somebody else. A pass is taken atomically, so two requests at once cannot both pass
/// even on PostgreSQL, where submissions have no process-wide write turn; it belongs to the submission that took
/// it (its owner), so the same submission run again (a retried transaction) passes again, and it is withdrawn when
/// the submission fails without storing anything. Counted in this process (<see cref="InProcessCommentFloodGate"/>)
/// or, with <c>ConnectionStrings:Redis</c>, across every instance (<see cref="RedisCommentFloodGate"/>).
/// </summary>
public abstract class CommentFloodGate(IOptions<NewsApiOptions> options)
{
    protected TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0, options.Value.Comments.FloodIntervalSeconds));

    /// <summary>Lets the submission <paramref name="owner"/> through now and counts it, unless another one of the pair came within the interval.</summary>
    /// <param name="owner">Whose pass this is, unique to one submission: the same owner asking again is let through again.</param>
    /// <returns>Null when the submission may go on; otherwise how long until the pair may submit.</returns>
    public abstract TimeSpan? TryPass(string email, string? clientAddress, DateTimeOffset now, string owner);

    /// <summary>Takes back the pass of a submission that stored nothing (its transaction failed), so a retry is not refused as a flood.</summary>
    public abstract void Withdraw(string email, string? clientAddress, string owner);
}

/// <summary>Flood control in this process's memory, on the application's clock.</summary>
public sealed class InProcessCommentFloodGate(IOptions<NewsApiOptions> options) : CommentFloodGate(options)
{
    private const int PruneAbove = 4096;

    private readonly ConcurrentDictionary<(string Email, string Address), Pass> _last = new();

    public override TimeSpan? TryPass(string email, string? clientAddress, DateTimeOffset now, string owner)
    {
        if (Interval == TimeSpan.Zero)
        {
            return null;
        }

        var key = (email, clientAddress ?? "");
        var pass = new Pass(now, owner);
        while (true)
        {
            if (!_last.TryGetValue(key, out var last))
            {
                if (_last.TryAdd(key, pass))
                {
                    break;
                }
            }
            else if (last.Owner != owner && last.At + Interval > now)
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

    public override void Withdraw(string email, string? clientAddress, string owner)
    {
        var key = (email, clientAddress ?? "");
        if (_last.TryGetValue(key, out var last) && last.Owner == owner)
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
    private sealed class Pass(DateTimeOffset at, string owner)
    {
        public DateTimeOffset At => at;

        public string Owner => owner;
    }
}

/// <summary>
/// Flood control in Redis, shared by every instance: one key per e-mail and address pair (an HMAC of them: no e-mail
/// in clear), holding its owner and expiring with the interval, which Redis times rather than the application's clock.
/// Fails open when Redis does not answer (<see cref="RedisLimitStore"/>).
/// </summary>
public sealed class RedisCommentFloodGate(RedisLimitStore store, IOptions<NewsApiOptions> options) : CommentFloodGate(options)
{
    private const string Limit = "flood";

    public override TimeSpan? TryPass(string email, string? clientAddress, DateTimeOffset now, string owner) =>
        Interval == TimeSpan.Zero ? null : store.TakePass(Limit, Pair(email, clientAddress), owner, Interval);

    public override void Withdraw(string email, string? clientAddress, string owner)
    {
        if (Interval > TimeSpan.Zero)
        {
            store.GiveBackPass(Limit, Pair(email, clientAddress), owner);
        }
    }

    // A line break separates them: neither an e-mail nor an address can hold one, so no two pairs give one subject.
    private static string Pair(string email, string? clientAddress) => email + "\n" + clientAddress;
}
