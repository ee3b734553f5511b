using System.Buffers;

namespace NewsApi.Text;

/// <summary>Character-level clean-up of Arabic text shared by slugs and search.</summary>
public static class ArabicText
{
    // Tashkeel, Quranic annotation signs and tatweel change how a word looks, not which word it is;
    // zero-width and bidi controls are invisible and would make equal-looking strings differ.
    private static readonly SearchValues<char> Marks = SearchValues.Create(
        Range('\u064B', '\u065F') + "\u0670" + Range('\u06D6', '\u06ED') + "\u0640"
        + Range('\u200B', '\u200F') + Range('\u202A', '\u202E') + Range('\u2066', '\u2069') + "\uFEFF");

    /// <summary>True for the characters <see cref="StripMarks"/> removes.</summary>
    public static bool IsMark(char c) => Marks.Contains(c);

    /// <summary>
    /// Removes Arabic diacritics (tashkeel), tatweel and zero-width/bidi control characters.
    /// Returns <paramref name="s"/> itself when there is nothing to remove.
    /// </summary>
    public static string StripMarks(string s)
    {
        ArgumentNullException.ThrowIfNull(s);

        var rest = s.AsSpan();
        var next = rest.IndexOfAny(Marks);
        if (next < 0)
        {
            return s;
        }

        // Titles and words are short, so the copy usually lives on the stack.
        char[]? rented = null;
        var buffer = s.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(s.Length));
        var written = 0;
        while (next >= 0)
        {
            rest[..next].CopyTo(buffer[written..]);
            written += next;
            rest = rest[(next + 1)..];
            next = rest.IndexOfAny(Marks);
        }

        rest.CopyTo(buffer[written..]);
        written += rest.Length;

        var result = new string(buffer[..written]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return result;
    }

    /// <summary>Every character from <paramref name="first"/> to <paramref name="last"/>, for building <see cref="SearchValues{T}"/>.</summary>
    internal static string Range(char first, char last) =>
        string.Create(last - first + 1, first, static (span, start) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)(start + i);
            }
        });
}
