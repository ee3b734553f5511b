using NewsApi.Text;

namespace NewsApi.Tests.Text;

public class ArabicStemmerTests
{
    /// <summary>Hand-checked stems of normalised words.</summary>
    [Theory]
    [InlineData("والدفاع", "دفاع")]
    [InlineData("الدفاع", "دفاع")]
    [InlineData("للدفاع", "دفاع")]
    [InlineData("بالدفاع", "دفاع")]
    [InlineData("كالدفاع", "دفاع")]
    [InlineData("فالدفاع", "دفاع")]
    [InlineData("دفاع", "دفاع")]
    [InlineData("الروسي", "روس")]       // ال and the nisba ي
    [InlineData("الروسيه", "روس")]      // الروسية after normalisation
    [InlineData("الشماليه", "شمال")]
    [InlineData("وزير", "زير")]         // و on a word of four letters
    [InlineData("ولد", "ولد")]          // و not on three letters
    [InlineData("المعلمون", "معلم")]
    [InlineData("المعلمين", "معلم")]
    [InlineData("الطالبات", "طالب")]
    [InlineData("كتابها", "كتاب")]
    [InlineData("الله", "الله")]        // protected
    [InlineData("بالله", "بالله")]
    [InlineData("الام", "الام")]        // would leave two letters
    [InlineData("اله", "اله")]          // three letters: nothing to strip
    [InlineData("cop29", "cop29")]      // Latin untouched
    [InlineData("2024", "2024")]
    [InlineData("", "")]
    public void Stem_strips_one_prefix_and_one_suffix_and_keeps_three_letters(string word, string expected)
    {
        Assert.Equal(expected, ArabicStemmer.Stem(word));
    }

    [Theory]
    [InlineData("وزير", "زير", "وزير")]         // conjunction or the word's own letter: both readings
    [InlineData("وكوريا", "كوريا", "وكوريا")]
    [InlineData("وزارة", "زار", "وزار")]
    [InlineData("الوزير", "وزير")]             // ال was the prefix: one reading
    [InlineData("والدفاع", "دفاع")]
    [InlineData("ولد", "ولد")]                 // too short for و
    [InlineData("والله", "والله")]             // protected
    public void Stems_give_both_readings_of_a_leading_waw(string word, params string[] expected)
    {
        Assert.Equal(expected, ArabicStemmer.Stems(TextFolding.Fold(word)));
    }

    [Theory]
    [InlineData("الدفاع", "والدفاع", "للدفاع", "بالدفاع")]
    [InlineData("الروسي", "الروسى", "روسي", "والروسي")]
    public void Spellings_a_reader_types_share_one_stem(params string[] spellings)
    {
        var stems = spellings.Select(s => ArabicStemmer.Stem(TextFolding.Fold(s))).Distinct().ToList();

        Assert.Single(stems);
    }
}
