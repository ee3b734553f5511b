using System.Buffers.Text;
using System.Globalization;
using System.Text;
using NewsApi.Data;

namespace NewsApi.Articles;

/// <summary>
/// A keyset position in the public article list: the publication time and id of the last article a client has
/// seen, and the direction it reads in. The next page is "the articles after this one in that order", found by
/// a seek in the publication index, so the 5,000th page costs what the first does and an article published
/// meanwhile neither shifts nor repeats what comes next.
/// </summary>
/// <remarks>
/// Sent to clients as opaque base64url text (<c>n|2024-11-05T08:30:00Z|123</c> inside); clients should treat it
/// as a token. It names no filters: the client sends the same filters again with it, as the <c>Link</c> header does.
/// </remarks>
public readonly record struct ArticleCursor(bool OldestFirst, DateTime PublishedAt, int Id)
{
    private const char Newest = 'n';
    private const char Oldest = 'o';

    public static ArticleCursor After(ArticleSummary last, bool oldestFirst) => new(oldestFirst, Timestamps.ToDb(last.PublishedAt), last.Id);

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{(OldestFirst ? Oldest : Newest)}|{Timestamps.ToText(PublishedAt)}|{Id}")));

    /// <summary>Reads a cursor this API gave out; anything else (edited, truncated, from another API) is refused.</summary>
    public static bool TryDecode(string? text, out ArticleCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 100 || !Base64Url.IsValid(text))
        {
            return false;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
        }
        catch (FormatException)
        {
            return false;
        }

        if (parts is not [[var direction], var publishedAt, var id]
            || direction is not (Newest or Oldest)
            || !Timestamps.IsTextForm(publishedAt)
            || !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var articleId)
            || articleId < 1)
        {
            return false;
        }

        cursor = new ArticleCursor(direction == Oldest, Timestamps.FromText(publishedAt), articleId);
        return true;
    }
}
