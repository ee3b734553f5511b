using NewsApi.Text;

namespace NewsApi.Tests.Text;

public class ArabicTextTests
{
    [Fact]
    public void Tashkeel_is_removed_from_a_word()
    {
        Assert.Equal("محمد", ArabicText.StripMarks("مُحَمَّدٌ"));
    }

    [Fact]
    public void Superscript_alef_and_quranic_annotation_marks_are_removed()
    {
        Assert.Equal("هذا الكتاب", ArabicText.StripMarks("هٰذَا الْكِتَابُ\u06D6"));
    }

    [Fact]
    public void Tatweel_is_removed()
    {
        Assert.Equal("الدفاع", ArabicText.StripMarks("الـــدفاع"));
    }

    [Fact]
    public void Zero_width_and_bidi_controls_are_removed()
    {
        Assert.Equal("رئيس كوريا", ArabicText.StripMarks("\u202Bرئيس\u200F \u2067كوريا\u2069\u200B\uFEFF\u202C"));
    }

    [Fact]
    public void Text_without_marks_is_returned_as_the_same_instance()
    {
        var text = "رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى";

        Assert.Same(text, ArabicText.StripMarks(text));
    }

    [Fact]
    public void Hamza_forms_and_final_letters_are_left_alone()
    {
        Assert.Equal("أإآؤئ ى ة", ArabicText.StripMarks("أإآؤئ ى ة"));
    }

    [Fact]
    public void Long_text_is_stripped_completely()
    {
        var marked = string.Concat(Enumerable.Repeat("مُحَمَّدٌ ", 100));

        var stripped = ArabicText.StripMarks(marked);

        Assert.Equal(string.Concat(Enumerable.Repeat("محمد ", 100)), stripped);
    }
}
