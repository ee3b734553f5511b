using System.Text;
using NewsApi.Text;

namespace NewsApi.Related;

/// <summary>One significant word of an article and whether its title has it.</summary>
public readonly record struct SignificantWord(string Word, bool InTitle);

/// <summary>
/// The significant words of an article for related-article scoring: every content word of the title, and the
/// body's most frequent content words. Words are compared after <see cref="TextFolding.Fold"/> (so الروسى and الروسي
/// meet), with the article prefix ال and its compounds (وال بال كال فال لل) removed and stop-words dropped.
/// </summary>
public static class RelatedWords
{
    /// <summary>Body words kept per article besides the title's, most frequent first.</summary>
    public const int BodyWords = 15;

    /// <summary>Title words kept at most (a title is short; this only bounds hostile input).</summary>
    public const int TitleWords = 20;

    private const int MinLength = 3;

    // Compound prefixes first, so "وال" is removed whole rather than leaving "ال".
    private static readonly string[] Prefixes = ["وال", "بال", "كال", "فال", "لل", "ال"];

    // Function words of news prose, already in normalised form (ى → ي, ة → ه, hamza seats → bare letter).
    private static readonly HashSet<string> StopWords = new(
        """
        في من علي الي عن مع هذا هذه ذلك تلك هذان هولاء التي الذي الذين اللذين اللتين اللاتي كان كانت يكون تكون كانوا
        قد لقد لا ما لم لن ان او ام ثم بين بعد قبل حتي كل عند كما وقد وفي وهو وهي هو هي هم هن نحن انت انا
        منذ خلال حول ضد دون غير بعض اي ايضا حيث اذا اذ لكن بل مثل عبر لدي لها له لهم لهن بها به بهم منه منها
        فيه فيها عليه عليها اليه اليها عنه عنها ولا وما ومن وان او وكان وكانت التى الذى والتي والذي كذلك تم يتم
        وقال قال قالت تقول يقول اكد اكدت اضاف اضافت امس اليوم غدا الان عام عاما سنه يوم يونيو هناك هنا ذات
        the and for with that this from are was were has have had not but its his her their our will would
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    /// <summary>The article's significant words: the title's (in title order) then the body's most frequent.</summary>
    public static IReadOnlyList<SignificantWord> Of(string title, string bodyText)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(bodyText);

        var words = new List<SignificantWord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(title))
        {
            if (words.Count < TitleWords && seen.Add(word))
            {
                words.Add(new SignificantWord(word, true));
            }
        }

        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        var position = 0;
        foreach (var word in Words(bodyText))
        {
            counts[word] = counts.TryGetValue(word, out var known) ? (known.Count + 1, known.First) : (1, position);
            position++;
        }

        // Frequency first; among equals, the word met first (lead paragraphs carry the story). Deterministic.
        words.AddRange(counts
            .Where(pair => !seen.Contains(pair.Key))
            .OrderByDescending(pair => pair.Value.Count)
            .ThenBy(pair => pair.Value.First)
            .Take(BodyWords)
            .Select(pair => new SignificantWord(pair.Key, false)));
        return words;
    }

    /// <summary>The normalised content words of a text, in order, repeats included.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var normalised = TextFolding.Fold(text);
        var word = new StringBuilder();
        foreach (var c in normalised.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
                continue;
            }

            if (word.Length > 0 && Significant(word.ToString()) is { } significant)
            {
                yield return significant;
            }

            word.Clear();
        }
    }

    private static string? Significant(string word)
    {
        if (StopWords.Contains(word) || word.All(char.IsDigit))
        {
            return null;
        }

        foreach (var prefix in Prefixes)
        {
            if (word.StartsWith(prefix, StringComparison.Ordinal) && word.Length - prefix.Length >= MinLength)
            {
                word = word[prefix.Length..];
                break;
            }
        }

        return word.Length < MinLength || StopWords.Contains(word) ? null : word;
    }
}
