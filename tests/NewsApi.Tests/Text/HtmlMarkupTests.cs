using NewsApi.Text;

namespace NewsApi.Tests.Text;

public sealed class HtmlMarkupTests
{
    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    [Fact]
    public void Nesting_counts_open_elements_inside_one_another_up_to_the_bound()
    {
        Assert.False(HtmlMarkup.NestsTooDeep(Repeat("<div>", HtmlMarkup.MaxDepth)));
        Assert.True(HtmlMarkup.NestsTooDeep(Repeat("<div>", HtmlMarkup.MaxDepth + 1)));
        Assert.True(HtmlMarkup.NestsTooDeep(Repeat("<B class=\"x\">", 60_000)));
        Assert.True(HtmlMarkup.NestsTooDeep(Repeat("<ul><li>", HtmlMarkup.MaxDepth + 1)));
    }

    [Fact]
    public void Closed_void_self_closed_and_sibling_closing_elements_and_comments_do_not_deepen_the_nesting()
    {
        var many = HtmlMarkup.MaxDepth * 4;
        Assert.False(HtmlMarkup.NestsTooDeep(Repeat("<p><b>نص</b> <i>مائل</i></p>", many)));
        Assert.False(HtmlMarkup.NestsTooDeep(Repeat("<br><img src=\"https://a.example/x.jpg\"><hr/>", many)));
        Assert.False(HtmlMarkup.NestsTooDeep(Repeat("<p>فقرة بلا إغلاق", many) + Repeat("<li>بند", many)));
        Assert.False(HtmlMarkup.NestsTooDeep(Repeat("<span/>", many) + Repeat("<!-- <div> -->", many) + "<!DOCTYPE html>"));
        Assert.False(HtmlMarkup.NestsTooDeep(Repeat("a < b and c <3 ", many) + Repeat("</div>", many)));
        Assert.False(HtmlMarkup.NestsTooDeep(null));
    }

    [Fact]
    public void Tags_are_counted_by_their_opening_bracket()
    {
        Assert.Equal(4, HtmlMarkup.CountTags("<p>نص <b>عريض</b></p>"));
        Assert.Equal(0, HtmlMarkup.CountTags(null));
    }
}
