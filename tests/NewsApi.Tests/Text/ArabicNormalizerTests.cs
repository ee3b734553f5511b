using NewsApi.Text;

namespace NewsApi.Tests.Text;

public class ArabicNormalizerTests
{
    /// <summary>Hand-checked pairs: what a reader may type or an article may contain → the one searched form.</summary>
    [Theory]
    [InlineData("مُحَمَّدٌ", "محمد")]                 // tashkeel
    [InlineData("الرَّحْمٰنِ", "الرحمن")]                // superscript alef U+0670
    [InlineData("الـــدفاع", "الدفاع")]               // tatweel
    [InlineData("الروسى", "الروسي")]                 // alef maksura → yeh
    [InlineData("الروسي", "الروسي")]
    [InlineData("الشمالية", "الشماليه")]             // teh marbuta → heh
    [InlineData("أسعار", "اسعار")]                   // hamza above
    [InlineData("إسبانيا", "اسبانيا")]               // hamza below
    [InlineData("آلاف", "الاف")]                     // madda
    [InlineData("ٱلله", "الله")]                     // alef wasla
    [InlineData("مسؤول", "مسوول")]                   // waw with hamza
    [InlineData("تهيئة", "تهييه")]                   // yeh with hamza
    [InlineData("فارسی", "فارسي")]                   // Persian yeh
    [InlineData("کتاب", "كتاب")]                     // Persian keheh
    [InlineData("٢٠٢٤", "2024")]                     // Arabic-Indic digits
    [InlineData("۱۴۰۳", "1403")]                     // Persian digits
    [InlineData("COP29", "cop29")]                   // Latin lower-cased
    [InlineData("OpenAI", "openai")]
    [InlineData("Ÿ", "ÿ")]                           // beyond ASCII too
    [InlineData("ﻻ", "لا")]                          // presentation form, by NFKC
    [InlineData("ﷺ", "صلي الله عليه وسلم")]           // ligature, by NFKC, then ى → ي
    [InlineData("ر\u200Cئيس\u200D", "رييس")]          // ZWNJ / ZWJ dropped
    [InlineData("\u202Bكوريا\u202C\u200F", "كوريا")]   // direction controls dropped
    [InlineData("مؤتمر COP29، ٣٠ دولة!", "موتمر cop29، 30 دوله!")] // punctuation kept
    public void Normalize_folds_spellings_to_one_form(string text, string expected)
    {
        Assert.Equal(expected, ArabicNormalizer.Normalize(text));
    }

    [Fact]
    public void Normalize_is_idempotent()
    {
        var once = ArabicNormalizer.Normalize("وَالدِّفَاعُ عَنِ السِّيَادَةِ فى بيونج يانج ٢٠٢٤ Übung");

        Assert.Equal(once, ArabicNormalizer.Normalize(once));
    }

    [Fact]
    public void A_lone_surrogate_does_not_throw()
    {
        Assert.Equal("a\uD800b", ArabicNormalizer.Normalize("A\uD800B"));
    }
}
