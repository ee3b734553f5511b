using Microsoft.Extensions.Options;
using NewsApi.Comments;
using NewsApi.Text;

namespace NewsApi.Tests.Comments;

/// <summary>
/// The evasions of the blocklist, the link limit and duplicate detection reported in issue 13, each string as
/// reported: every one is caught after <see cref="TextFolding"/>.
/// </summary>
public sealed class CommentSpamFoldingTests
{
    private static readonly CommentModeration Blocking = Moderation(c => c.Blocklist = ["casino", "مراهنة"]);

    private static CommentModeration Moderation(Action<NewsApiOptions.CommentSettings> configure)
    {
        var options = new NewsApiOptions();
        configure(options.Comments);
        return new CommentModeration(Options.Create(options));
    }

    private static bool IsBlocked(string body) =>
        Blocking.IsSpam(new CommentRequest("قارئ", "reader@example.com", body), CommentText.Read(body));

    [Theory]
    [InlineData("best ca\u2060sino in town")]                      // word joiner
    [InlineData("best ca\u00ADsino in town")]                      // soft hyphen
    [InlineData("best ca\u034Fsino in town")]                      // combining grapheme joiner
    [InlineData("best ca\u200Dsi\u200Cno in town")]                // ZWJ, ZWNJ
    [InlineData("best ca\u200Esino in town")]                      // bidi mark
    [InlineData("best ｃａｓｉｎｏ in town")]                       // fullwidth
    [InlineData("best 𝐜𝐚𝐬𝐢𝐧𝐨 in town")]                      // mathematical bold
    [InlineData("best 𝓬𝓪𝓼𝓲𝓷𝓸 in town")]                      // mathematical script
    [InlineData("best саsino in town")]                            // Cyrillic а and с
    [InlineData("best CΑSΙΝΟ in town")]                            // Greek capitals
    [InlineData("best c.a.s.i.n.o in town")]                       // dotted letters
    [InlineData("best c a s i n o in town")]                       // spaced letters
    [InlineData("best c-a-s-i-n-o in town")]
    [InlineData("best CASINO in town")]
    [InlineData("أفضل ﻣﺮﺍﻫﻨﺔ اليوم")]                              // Arabic presentation forms
    [InlineData("أفضل م ر ا ه ن ة اليوم")]                         // spaces inside the word
    [InlineData("أفضل مراه۔نة اليوم")]                             // Arabic full stop inside the word
    [InlineData("أفضل مُرَاهَنَة اليوم")]                          // harakat
    [InlineData("أفضل مراهـــنة اليوم")]                           // tatweel
    [InlineData("أفضل مراهنه اليوم")]                              // ة written ه
    [InlineData("أفضل مر\u200Cاهنة اليوم")]                        // ZWNJ inside the word
    public void A_blocklisted_word_is_found_however_it_is_disguised(string body) =>
        Assert.True(IsBlocked(body), body);

    [Theory]
    [InlineData("تعليق عادي عن زيارة الوزير")]
    [InlineData("The minister's visit was covered well.")]
    [InlineData("Пресс-служба сообщила о визите")]                 // Cyrillic prose is not a Latin word
    public void Ordinary_text_is_not_blocked(string body) =>
        Assert.False(IsBlocked(body), body);

    [Theory]
    [InlineData("spam.com/offer", 1)]
    [InlineData("see //host.example/path", 1)]
    [InlineData("hxxp://spam.example/x", 1)]
    [InlineData("hxxps://spam.example/x", 1)]
    [InlineData("ｈｔｔｐｓ：／／spam.example", 1)]
    [InlineData("www。x。com", 1)]
    [InlineData("[x](spam.com)", 1)]
    [InlineData("[x](https://spam.example/a)", 1)]
    [InlineData("mailto:sales@spam.example", 1)]
    [InlineData("ftp://files.spam.example/a.zip", 1)]
    [InlineData("ht\u200Btps://spam.example", 1)]
    [InlineData("h\u2060ttp://spam.example", 1)]
    [InlineData("https://a.example and http://b.example and www.c.example", 3)]
    [InlineData("https://spam.com/offer counted once", 1)]
    [InlineData("زوروا spam.com الآن و www.example.org", 2)]
    [InlineData("تعليق بلا روابط. نهاية الجملة.end", 0)]
    [InlineData("The price is 3.5 dollars, e.g. cheap", 0)]
    public void Links_are_counted_in_every_disguise(string body, int links) =>
        Assert.Equal(links, CommentText.Read(body).LinkCount);

    [Fact]
    public void More_disguised_links_than_allowed_make_a_comment_spam()
    {
        var body = "spam.com/offer و hxxp://spam.example و www。x。com";
        var moderation = Moderation(c => c.MaxLinks = 2);

        Assert.True(moderation.IsSpam(new CommentRequest("قارئ", "reader@example.com", body), CommentText.Read(body)));
    }

    [Theory]
    [InlineData("تعليق  مفيد على الخبر")]                          // doubled space
    [InlineData("تعليق\u00A0مفيد على الخبر")]                      // NBSP
    [InlineData(" تعليق مفيد على الخبر ")]
    [InlineData("تعليقٌ مُفيدٌ على الخبرِ")]                       // harakat
    [InlineData("تعليـــق مفيد على الخبر")]                        // tatweel
    [InlineData("Great POINT, thanks")]
    public void Spellings_of_one_body_count_as_the_same_body(string variant)
    {
        var original = variant.Contains("POINT", StringComparison.Ordinal) ? "great point, thanks" : "تعليق مفيد على الخبر";

        Assert.Equal(TextFolding.ForMatching(original), TextFolding.ForMatching(variant));
    }

    [Fact]
    public void Hamza_seats_count_as_the_same_body() =>
        Assert.Equal(TextFolding.ForMatching("إلى الأمام"), TextFolding.ForMatching("الى الامام"));

    [Fact]
    public void Different_words_stay_different_bodies() =>
        Assert.NotEqual(TextFolding.ForMatching("تعليق مفيد"), TextFolding.ForMatching("تعليق مفيد جدا"));
}
