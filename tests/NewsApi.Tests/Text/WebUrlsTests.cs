using NewsApi.Text;

namespace NewsApi.Tests.Text;

public sealed class WebUrlsTests
{
    [Theory]
    [InlineData("https://ok.example/\"><svg onload=alert(1)>", "https://ok.example/%22%3E%3Csvg%20onload=alert(1)%3E")]
    [InlineData("https://ok.example/a b?x=<y>&q='z'#\"f\"", "https://ok.example/a%20b?x=%3Cy%3E&q=%27z%27#%22f%22")]
    [InlineData("  HTTPS://OK.Example:443/Path  ", "https://ok.example/Path")]
    [InlineData("http://ok.example:8080/x`y", "http://ok.example:8080/x%60y")]
    [InlineData("https://مثال.com/مسار", "https://xn--mgbh0fb.com/%D9%85%D8%B3%D8%A7%D8%B1")]
    [InlineData("https://example.com/kcna?a=1&b=2", "https://example.com/kcna?a=1&b=2")]
    public void An_outside_url_is_kept_percent_encoded_with_no_raw_quote_bracket_or_space(string input, string expected)
    {
        var normalized = WebUrls.Normalize(input);

        Assert.Equal(expected, normalized);
        Assert.True(WebUrls.IsWebUrl(input));
        Assert.Equal(normalized, WebUrls.Normalize(normalized));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)//https://ok.example")]
    [InlineData("data:text/html,<svg onload=alert(1)>")]
    [InlineData("ftp://ok.example/file")]
    [InlineData("//ok.example/no-scheme")]
    [InlineData("/relative/path")]
    [InlineData("ok.example")]
    [InlineData("https://user:secret@ok.example/")]
    [InlineData("https://ok.example@evil.example/")]
    [InlineData("https://ok.example/a\u0001b")]
    [InlineData("https://ok.example/a\nb")]
    [InlineData("https://ok.example/\u0085x")]
    [InlineData("https:///path-without-host")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Anything_but_an_absolute_http_or_https_url_with_a_host_is_refused(string? input)
    {
        Assert.Null(WebUrls.Normalize(input));
        Assert.False(WebUrls.IsWebUrl(input));
    }
}
