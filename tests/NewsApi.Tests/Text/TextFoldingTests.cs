using System.Text;
using CsCheck;
using NewsApi.Text;

namespace NewsApi.Tests.Text;

public class TextFoldingTests
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
    [InlineData("ca\u2060si\u00ADno", "casino")]                // word joiner, soft hyphen
    [InlineData("ca\u034Fsino\uFE0F", "casino")]                // combining grapheme joiner, variation selector
    [InlineData("ｃａｓｉｎｏ", "casino")]                        // fullwidth, by NFKC
    [InlineData("𝐜𝐚𝐬𝐢𝐧𝐨", "casino")]                       // mathematical bold, by NFKC
    [InlineData("саsino", "casino")]                             // Cyrillic look-alikes
    [InlineData("СΑЅΙΝΟ", "casino")]                             // Cyrillic and Greek capitals
    [InlineData("ﻣﺮﺍﻫﻨﺔ", "مراهنه")]                            // presentation forms, by NFKC
    [InlineData("www。x。com", "www.x.com")]                      // ideographic full stop
    [InlineData("c.a.s.i.n.o", "c.a.s.i.n.o")]                   // separators are the matching layer's business
    public void Fold_folds_spellings_to_one_form(string text, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(text));
    }

    [Fact]
    public void Fold_is_idempotent()
    {
        var once = TextFolding.Fold("وَالدِّفَاعُ عَنِ السِّيَادَةِ فى بيونج يانج ٢٠٢٤ Übung");

        Assert.Equal(once, TextFolding.Fold(once));
    }

    [Fact]
    public void A_lone_surrogate_does_not_throw()
    {
        Assert.Equal("a\uD800b", TextFolding.Fold("A\uD800B"));
    }

    [Theory]
    [InlineData("c.a.s.i.n.o", "casino")]
    [InlineData("c a s i n o", "casino")]
    [InlineData("c . a . s . i . n . o", "casino")]
    [InlineData("م ر ا ه ن ة", "مراهنه")]
    [InlineData("مراه۔نة", "مراهنه")]
    [InlineData("  Two   words\u00A0here  ", "two words here")]
    [InlineData("end. Next sentence", "end next sentence")]
    public void ForMatching_removes_the_separators_that_hide_a_word(string text, string expected) =>
        Assert.Equal(expected, TextFolding.ForMatching(text));

    [Fact]
    public void Search_and_related_words_fold_through_the_same_function()
    {
        const string disguised = "ﻣﺮﺍﻫﻨﺔ саsino ca\u00ADsino";

        Assert.Equal("مراهنه casino casino", SearchWords.IndexForm(disguised));
        Assert.Equal(["مراهنه", "casino", "casino"], NewsApi.Related.RelatedWords.Words(disguised));
    }

    /// <summary>
    /// The shortcut that spares ICU (vocalised Arabic among it) says "already NFKC" only when ICU would: random texts of
    /// letters, every mark of tashkeel in every order, the marks that do compose (madda, hamza), superscript alef, a
    /// character NFKC decomposes (…) and a presentation form.
    /// </summary>
    [Fact]
    public void A_text_is_taken_as_NFKC_exactly_when_ICU_says_it_is()
    {
        const string alphabet = "ابتمويىة أ\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u2026\uFEFBa«";
        Gen.Char[alphabet].Array[0, 12].Select(chars => new string(chars)).Sample(text =>
            Assert.Equal(text.IsNormalized(NormalizationForm.FormKC), TextFolding.IsKcNormalized(text)), iter: 20_000);
    }

    [Theory]
    [InlineData("\u0645\u064F\u062D\u064E\u0645\u064E\u0651\u062F\u064C", true)]  // مُحَمَّدٌ, fatha before shadda: canonical order
    [InlineData("\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F\u064C", false)] // shadda (class 33) before fatha (30): NFKC reorders
    [InlineData("\u0643\u0650\u062A\u064E\u0627\u0628\u064C", true)]               // كِتَابٌ
    public void Vocalised_Arabic_is_checked_without_ICU_and_agrees_with_it(string text, bool normalized)
    {
        Assert.Equal(normalized, text.IsNormalized(NormalizationForm.FormKC));
        Assert.Equal(normalized, TextFolding.IsKcNormalized(text));
    }
}
