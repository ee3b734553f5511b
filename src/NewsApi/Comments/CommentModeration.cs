using Microsoft.Extensions.Options;
using NewsApi.Text;

namespace NewsApi.Comments;

/// <summary>
/// Decides the state a new comment starts in: spam (honeypot, too many links, a blocklisted word), otherwise
/// after the moderation mode: <c>manual</c> → pending, <c>auto</c> → approved, <c>trusted</c> → approved when
/// the submission carries the commenter token under which a comment of the same e-mail was approved (see
/// <see cref="CommenterTokens"/>): an e-mail alone is something strangers can type.
/// </summary>
public sealed class CommentModeration(IOptions<NewsApiOptions> options)
{
    public const string Manual = "manual";
    public const string Auto = "auto";
    public const string Trusted = "trusted";

    public static readonly string[] Modes = [Manual, Auto, Trusted];

    private readonly string[] _blocklist = options.Value.Comments.Blocklist
        .Where(entry => !string.IsNullOrWhiteSpace(entry))
        .Select(entry => TextFolding.ForMatching(entry.Trim()))
        .Where(entry => entry.Length > 0)
        .ToArray();

    private NewsApiOptions.CommentSettings Settings => options.Value.Comments;

    public bool IsSpam(CommentRequest request, CommentBody body)
    {
        if (!string.IsNullOrEmpty(request.Website) || body.LinkCount > Settings.MaxLinks)
        {
            return true;
        }

        if (_blocklist.Length == 0)
        {
            return false;
        }

        // Matched anywhere, inside longer words too, so Arabic prefixes (و، ال، بال…) cannot hide a word.
        var text = TextFolding.ForMatching(string.Join('\n', request.AuthorName, request.AuthorEmail, request.AuthorUrl, body.Text));
        return _blocklist.Any(entry => text.Contains(entry, StringComparison.Ordinal));
    }

    /// <param name="spam">What <see cref="IsSpam"/> found.</param>
    /// <param name="tokenWasApproved">Whether the submission's commenter token already has an approved comment of its e-mail (asked only in trusted mode).</param>
    public async Task<string> InitialStatusAsync(bool spam, Func<Task<bool>> tokenWasApproved)
    {
        if (spam)
        {
            return CommentStatuses.Spam;
        }

        return Settings.Moderation.ToLowerInvariant() switch
        {
            Auto => CommentStatuses.Approved,
            Trusted when await tokenWasApproved() => CommentStatuses.Approved,
            _ => CommentStatuses.Pending,
        };
    }

    /// <summary>Whether the article's comments are closed: by its own flag, or by age when <c>CloseAfterDays</c> is set.</summary>
    public bool IsClosed(bool commentsOpen, DateTime publishedAt, DateTimeOffset now) =>
        !commentsOpen || (Settings.CloseAfterDays > 0 && publishedAt.AddDays(Settings.CloseAfterDays) <= now.UtcDateTime);
}
