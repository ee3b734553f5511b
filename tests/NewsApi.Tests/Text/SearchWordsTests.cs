using NewsApi.Text;

namespace NewsApi.Tests.Text;

public class SearchWordsTests
{
    [Fact]
    public void Split_keeps_the_place_of_each_word_in_the_original_text()
    {
        const string text = "«مُحَمَّدٌ» والـدفاع، ٢٠٢٤!";

        var words = SearchWords.Split(text);

        Assert.Equal(["محمد", "والدفاع", "2024"], words.Select(w => w.Normalized));
        Assert.Equal(["مُحَمَّدٌ", "والـدفاع", "٢٠٢٤"], words.Select(w => text.Substring(w.Start, w.Length)));
    }

    [Fact]
    public void Direction_marks_inside_a_word_do_not_split_it()
    {
        var words = SearchWords.Split("رئ\u200Fيس كوريا");

        Assert.Equal(["رييس", "كوريا"], words.Select(w => w.Normalized));
    }

    [Fact]
    public void Punctuation_operators_and_lone_marks_are_not_words()
    {
        Assert.Empty(SearchWords.Split("\"*() ^: - ًٌ \0 ـــ"));
    }

    [Fact]
    public void Index_and_stem_forms_are_the_words_joined_by_spaces()
    {
        Assert.Equal("وزير الدفاع الروسي", SearchWords.IndexForm("وزير الدفاع، الروسى."));
        Assert.Equal("زير وزير دفاع روس", SearchWords.StemForm("وزير الدفاع، الروسى."));
        Assert.Equal("", SearchWords.IndexForm(null));
    }
}
