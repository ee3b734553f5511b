using NewsApi.Text;

namespace NewsApi.Tests.Text;

public class SlugsTests
{
    [Fact]
    public void Arabic_title_keeps_its_letters_and_joins_words_with_hyphens()
    {
        var slug = Slugs.FromTitle("رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى");

        Assert.Equal("رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى", slug);
    }

    [Theory]
    [InlineData("زيارة فى القاهرة", "زيارة-فى-القاهرة")]
    [InlineData("مدرسة الأمل", "مدرسة-الأمل")]
    public void Egyptian_spelling_and_final_letters_are_kept_as_written(string title, string expected)
    {
        Assert.Equal(expected, Slugs.FromTitle(title));
    }

    [Fact]
    public void Tashkeel_is_removed()
    {
        Assert.Equal("محمد", Slugs.FromTitle("مُحَمَّدٌ"));
    }

    [Fact]
    public void Tatweel_is_removed()
    {
        Assert.Equal("الدفاع", Slugs.FromTitle("الـــدفاع"));
    }

    [Theory]
    [InlineData("كيم: «زيارة مفيدة»، وماذا بعد؟", "كيم-زيارة-مفيدة-وماذا-بعد")]
    [InlineData("أولاً؛ ثانياً", "أولا-ثانيا")]
    [InlineData("كوريا،الشمالية", "كوريا-الشمالية")]
    [InlineData("\"الدفاع\" (الروسى)!", "الدفاع-الروسى")]
    public void Arabic_punctuation_is_dropped_and_still_separates_words(string title, string expected)
    {
        Assert.Equal(expected, Slugs.FromTitle(title));
    }

    [Theory]
    [InlineData("خطة ٢٠٢٤", "خطة-2024")]
    [InlineData("عام ۱۴۰۳", "عام-1403")]
    public void Arabic_Indic_digits_become_ASCII_digits(string title, string expected)
    {
        Assert.Equal(expected, Slugs.FromTitle(title));
    }

    [Fact]
    public void Latin_words_are_lower_cased_beside_Arabic_ones()
    {
        Assert.Equal("apple-تطلق-iphone-16", Slugs.FromTitle("Apple تطلق iPhone 16"));
    }

    [Fact]
    public void Whitespace_hyphens_underscores_slashes_and_dots_become_one_hyphen()
    {
        Assert.Equal("news-2024-world-cup-final", Slugs.FromTitle("  News -- 2024__world/cup.final  "));
    }

    [Fact]
    public void Apostrophes_are_dropped_without_splitting_the_word()
    {
        Assert.Equal("dont-stop-its-over", Slugs.FromTitle("Don't stop, it’s over"));
    }

    [Fact]
    public void Letters_of_other_scripts_keep_their_combining_vowel_signs()
    {
        Assert.Equal("हिन्दी-समाचार-привет", Slugs.FromTitle("हिन्दी समाचार, Привет"));
    }

    [Fact]
    public void Symbols_and_emoji_are_dropped()
    {
        Assert.Equal("مصر-تفوز-100", Slugs.FromTitle("مصر 🇪🇬 تفوز!!! 100% ★"));
    }

    [Fact]
    public void Compatibility_forms_are_normalised()
    {
        Assert.Equal("لا-abc", Slugs.FromTitle("ﻻ ＡＢＣ"));
    }

    [Fact]
    public void Invisible_bidi_and_zero_width_characters_do_not_split_or_remain()
    {
        Assert.Equal("رئيس-كوريا", Slugs.FromTitle("\u200Fرئي\u200Bس \u2067كوريا\u2069"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!")]
    [InlineData("؟،«» — ...")]
    [InlineData("ـــ")]
    [InlineData("🙂")]
    public void Title_without_letters_or_digits_gives_an_empty_slug(string title)
    {
        Assert.Equal("", Slugs.FromTitle(title));
    }

    [Fact]
    public void Long_title_is_cut_at_the_last_whole_word_within_200_characters()
    {
        // Each word is 6 characters: 28 words and 27 hyphens make 195; a 29th word would reach 202.
        var title = string.Join(" ", Enumerable.Repeat("الدفاع", 40));

        var slug = Slugs.FromTitle(title);

        Assert.Equal(string.Join("-", Enumerable.Repeat("الدفاع", 28)), slug);
        Assert.Equal(195, slug.Length);
        Assert.True(slug.Length <= Slugs.MaxLength);
    }

    [Fact]
    public void Long_title_of_varied_words_is_a_prefix_of_whole_words()
    {
        var words = Enumerable.Range(1, 60).Select(i => "كلمة" + new string('ب', i % 7)).ToArray();

        var slug = Slugs.FromTitle(string.Join(" ", words));

        Assert.True(slug.Length <= Slugs.MaxLength);
        var kept = slug.Split('-');
        Assert.Equal(words.Take(kept.Length), kept);
        Assert.True(slug.Length + 1 + words[kept.Length].Length > Slugs.MaxLength);
    }

    [Fact]
    public void Slug_of_exactly_200_characters_is_kept_whole()
    {
        var title = new string('a', 99) + " " + new string('b', 100) + " c";

        Assert.Equal(new string('a', 99) + "-" + new string('b', 100), Slugs.FromTitle(title));
    }

    [Fact]
    public void A_single_word_longer_than_200_characters_is_cut_at_200()
    {
        Assert.Equal(new string('ب', 200), Slugs.FromTitle(new string('ب', 250) + " الدفاع"));
    }

    [Fact]
    public void Cutting_a_long_word_never_splits_a_surrogate_pair()
    {
        // U+20000 is a CJK letter outside the BMP: two UTF-16 characters at positions 199 and 200.
        var slug = Slugs.FromTitle(new string('a', 199) + "\U00020000\U00020000");

        Assert.Equal(new string('a', 199), slug);
    }

    [Fact]
    public void Suffix_is_appended_with_a_hyphen()
    {
        Assert.Equal("x-2", Slugs.WithSuffix("x", 2));
        Assert.Equal("رئيس-كوريا-3", Slugs.WithSuffix("رئيس-كوريا", 3));
    }

    [Fact]
    public void Suffix_on_a_long_slug_drops_whole_words_to_stay_within_200()
    {
        var slug = new string('a', 99) + "-" + new string('b', 99);

        Assert.Equal(new string('a', 99) + "-2", Slugs.WithSuffix(slug, 2));
    }

    [Fact]
    public void Suffix_on_a_single_200_character_word_cuts_the_word()
    {
        var withSuffix = Slugs.WithSuffix(new string('a', 200), 10);

        Assert.Equal(new string('a', 197) + "-10", withSuffix);
        Assert.Equal(200, withSuffix.Length);
    }

    [Fact]
    public void Suffix_below_2_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Slugs.WithSuffix("x", 1));
    }
}
