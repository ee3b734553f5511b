using System.Buffers;
using System.Text;

namespace NewsApi.Text;

/// <summary>
/// The characters XML 1.0 does not allow in a document (§2.2 Char): C0 controls other than tab, line feed and carriage
/// return, U+FFFE, U+FFFF, and a surrogate that is not half of a pair. Text is stored once and later written into RSS
/// and sitemaps, where one such character makes the whole document unreadable, so input carrying one is refused and
/// the feed writers drop any that is stored anyway.
/// </summary>
public static class XmlCharacters
{
    private static readonly SearchValues<char> Suspect = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"
        + "\uFFFE\uFFFF" + string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    /// <summary>Index of the first character XML 1.0 forbids, or -1 when the text may be written as is.</summary>
    public static int IndexOfForbidden(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (text[offset..].IndexOfAny(Suspect) is var found and >= 0)
        {
            var at = offset + found;
            var length = PairedSurrogateLength(text, at);
            if (length == 0)
            {
                return at;
            }

            offset = at + length;
        }

        return -1;
    }

    /// <summary>The text without the characters XML 1.0 forbids (the same instance when it has none).</summary>
    public static string Remove(string text)
    {
        var at = IndexOfForbidden(text);
        if (at < 0)
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var rest = text.AsSpan();
        while (at >= 0)
        {
            output.Append(rest[..at]);
            rest = rest[(at + 1)..];
            at = IndexOfForbidden(rest);
        }

        return output.Append(rest).ToString();
    }

    // 2 when a high surrogate at `at` is followed by a low one (a character outside the BMP, allowed), else 0.
    private static int PairedSurrogateLength(ReadOnlySpan<char> text, int at) =>
        char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]) ? 2 : 0;
}
