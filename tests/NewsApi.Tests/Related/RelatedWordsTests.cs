using NewsApi.Related;

namespace NewsApi.Tests.Related;

public class RelatedWordsTests
{
    [Fact]
    public void Egyptian_and_standard_spellings_give_the_same_word()
    {
        Assert.Equal(RelatedWords.Words("الروسى").Single(), RelatedWords.Words("الروسي").Single());
        Assert.Equal(RelatedWords.Words("العسكرى").Single(), RelatedWords.Words("العَسْكَرِيّ").Single());
    }

    [Fact]
    public void The_article_prefix_and_its_compounds_are_removed()
    {
        Assert.Equal(["دفاع", "دفاع", "دفاع", "دفاع"], RelatedWords.Words("الدفاع والدفاع للدفاع بالدفاع").ToArray());
    }

    [Fact]
    public void Stop_words_and_short_words_are_dropped()
    {
        Assert.Equal(["زياره", "كوريا"], RelatedWords.Words("فى زيارة إلى كوريا من قد").ToArray());
    }

    [Fact]
    public void Title_words_come_first_then_the_most_frequent_body_words()
    {
        var words = RelatedWords.Of("رئيس كوريا الشمالية", "بيونج يانج بيونج يانج بيونج موسكو كوريا");

        Assert.Equal(["رييس", "كوريا", "شماليه", "بيونج", "يانج", "موسكو"], words.Select(w => w.Word).ToArray());
        Assert.Equal([true, true, true, false, false, false], words.Select(w => w.InTitle).ToArray());
    }

    [Fact]
    public void The_body_contributes_at_most_its_fifteen_most_frequent_words()
    {
        var body = string.Join(" ", Enumerable.Range(0, 40).Select(i => "كلمة" + new string('ب', i % 20 + 1)));

        Assert.Equal(RelatedWords.BodyWords, RelatedWords.Of("", body).Count);
    }
}
