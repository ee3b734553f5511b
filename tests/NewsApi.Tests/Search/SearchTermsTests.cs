using NewsApi.Search;

namespace NewsApi.Tests.Search;

public class SearchTermsTests
{
    [Fact]
    public void Every_word_becomes_a_quoted_string_matched_exactly_or_by_its_stem()
    {
        var terms = SearchTerms.Parse("والدفاع OR الروسى*");

        Assert.Equal(
            """({title lead body tags} : "والدفاع" OR {title_stem lead_stem body_stem tags_stem} : "دفاع") AND ({title lead body tags} : "or" OR {title_stem lead_stem body_stem tags_stem} : "or") AND ({title lead body tags} : "الروسي" OR {title_stem lead_stem body_stem tags_stem} : "روس")""",
            terms.ToMatchExpression());
    }

    [Fact]
    public void A_word_with_two_readings_matches_either_stem()
    {
        var terms = SearchTerms.Parse("وزير");

        Assert.Equal("""{title_stem lead_stem body_stem tags_stem} : ("زير" OR "وزير")""", terms.ToFilterExpression());
    }

    [Fact]
    public void Stop_words_and_repeated_words_are_dropped()
    {
        var terms = SearchTerms.Parse("في القاهرة من القاهره");

        Assert.Equal(["القاهره"], terms.Terms.Select(t => t.Exact));
        Assert.False(terms.OnlyStopWords);
    }

    [Theory]
    [InlineData("في من على", true)]
    [InlineData("*** ()", false)]
    [InlineData("", false)]
    public void A_query_without_searchable_words_is_empty(string query, bool onlyStopWords)
    {
        var terms = SearchTerms.Parse(query);

        Assert.True(terms.IsEmpty);
        Assert.Equal(onlyStopWords, terms.OnlyStopWords);
    }

    [Fact]
    public void At_most_the_first_twenty_words_are_used()
    {
        var terms = SearchTerms.Parse(string.Join(' ', Enumerable.Range(0, 40).Select(i => "w" + i)));

        Assert.Equal(SearchTerms.MaxTerms, terms.Terms.Count);
    }
}
