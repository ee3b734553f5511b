using NewsApi.Search;

namespace NewsApi.Tests.Search;

public class SearchSnippetTests
{
    [Fact]
    public void Matches_are_marked_in_the_original_spelling_and_the_rest_is_escaped()
    {
        var snippet = SearchSnippet.Build(SearchTerms.Parse("الروسي"), "زار وزير الدفاع <الروسى> & \"الوفد\"");

        Assert.Equal("زار وزير الدفاع &lt;<mark>الروسى</mark>&gt; &amp; &quot;الوفد&quot;", snippet);
    }

    [Fact]
    public void A_long_text_is_cut_around_the_densest_matches_with_ellipses()
    {
        var filler = string.Join(' ', Enumerable.Repeat("كلمة", 60));
        var text = $"{filler} هنا الدفاع والدفاع الروسي {filler}";

        var snippet = SearchSnippet.Build(SearchTerms.Parse("الدفاع الروسي"), text);

        Assert.StartsWith("… ", snippet, StringComparison.Ordinal);
        Assert.EndsWith(" …", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>الدفاع</mark> <mark>والدفاع</mark> <mark>الروسي</mark>", snippet, StringComparison.Ordinal);
        Assert.True(snippet.Split(' ').Length <= SearchSnippet.WindowWords + 2);
    }

    [Fact]
    public void The_field_with_the_most_distinct_matches_gives_the_snippet()
    {
        var snippet = SearchSnippet.Build(SearchTerms.Parse("الدفاع الروسي"), "عن الدفاع فقط", "وزير الدفاع الروسى");

        Assert.Equal("وزير <mark>الدفاع</mark> <mark>الروسى</mark>", snippet);
    }

    [Fact]
    public void Without_any_match_in_the_text_the_snippet_is_its_unmarked_beginning()
    {
        var snippet = SearchSnippet.Build(SearchTerms.Parse("روسيا"), null, "  ", "مقدمة <قصيرة>");

        Assert.Equal("مقدمة &lt;قصيرة&gt;", snippet);
    }

    [Fact]
    public void A_search_marks_each_spelling_alike_in_every_snippet_it_builds()
    {
        // One search's snippets share what each spelling matched: with tashkeel and tatweel (normalised once, then
        // looked up), in plain letters folded one by one (أحمد), with a conjunction (واحمد), in a text NFKC changes (the
        // ligature ﻻ) and in one it does not; words lacking a letter of the stems (عن) are passed over unmarked.
        var terms = SearchTerms.Parse("احمد الدفاع");

        var first = SearchSnippet.Build(terms, "قال أحْمَد عن الدفـاع وأحمد ﻻ");
        var second = SearchSnippet.Build(terms, "أحْمَد والدفاع عن احمد");

        Assert.Equal("قال <mark>أحْمَد</mark> عن <mark>الدفـاع</mark> <mark>وأحمد</mark> ﻻ", first);
        Assert.Equal("<mark>أحْمَد</mark> <mark>والدفاع</mark> عن <mark>احمد</mark>", second);
    }

    [Fact]
    public void Whitespace_and_line_breaks_collapse_to_single_spaces()
    {
        var snippet = SearchSnippet.Build(SearchTerms.Parse("الثانية"), "الفقرة الأولى.\n\nالفقرة   الثانية");

        Assert.Equal("الفقرة الأولى. الفقرة <mark>الثانية</mark>", snippet);
    }
}
