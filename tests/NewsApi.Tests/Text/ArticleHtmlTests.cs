using NewsApi.Text;

namespace NewsApi.Tests.Text;

public class ArticleHtmlTests
{
    private const string Article = """
        <p>استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف.</p>
        <h2>عرض فنى ترحيبا بالوفد العسكرى الروسى</h2>
        <figure><img src="https://example.com/a.jpg" alt="كيم وبيلوسوف"><figcaption>كيم جونج أون يستقبل بيلوسوف</figcaption></figure>
        <blockquote><p>زيارة بيلوسوف ستساهم فى تعزيز القدرات الدفاعية</p><p>وضمان أمن البلدين</p><cite>كيم جونج أون</cite></blockquote>
        <ul><li>الدفاع</li><li>الأمن</li></ul>
        <ol><li>الأول</li><li>الثانى</li></ol>
        <p>سطر أول<br>سطر <strong>ثان</strong></p>
        """;

    [Fact]
    public void Script_elements_are_removed_with_their_content()
    {
        var content = ArticleHtml.Process("<p>نص</p><script>alert('x')</script>");

        Assert.Equal("<p>نص</p>", content.Html);
        Assert.Equal("نص", content.PlainText);
    }

    [Fact]
    public void Event_handler_attributes_are_removed()
    {
        Assert.Equal("<p>نص</p>", ArticleHtml.Process("<p onclick=\"steal()\" onmouseover=\"x()\">نص</p>").Html);
    }

    [Fact]
    public void Javascript_and_data_links_lose_their_href()
    {
        var content = ArticleHtml.Process("<p><a href=\"javascript:alert(1)\">رابط</a> <a href=\"data:text/html,x\">آخر</a></p>");

        Assert.Equal("<p><a>رابط</a> <a>آخر</a></p>", content.Html);
    }

    [Fact]
    public void Style_class_and_id_attributes_and_style_elements_are_removed()
    {
        var content = ArticleHtml.Process("<style>p{color:red}</style><p style=\"color:red\" class=\"lead\" id=\"p1\">نص</p>");

        Assert.Equal("<p>نص</p>", content.Html);
    }

    [Fact]
    public void Iframes_and_forms_are_removed_with_their_content()
    {
        var content = ArticleHtml.Process(
            "<p>قبل</p><iframe src=\"https://evil.example\">x</iframe><form><label>البريد</label><input name=\"email\"><button>إرسال</button></form><p>بعد</p>");

        Assert.Equal("<p>قبل</p><p>بعد</p>", content.Html);
        Assert.Equal("قبل\n\nبعد", content.PlainText);
    }

    [Fact]
    public void Headings_quotes_and_https_links_are_kept()
    {
        const string html =
            "<h2>عنوان</h2><blockquote cite=\"https://example.com/q\"><p>قول</p></blockquote><p><a href=\"https://example.com/a\" title=\"مصدر\">رابط</a></p>";

        Assert.Equal(html, ArticleHtml.Process(html).Html);
    }

    [Fact]
    public void Mailto_and_relative_links_are_kept()
    {
        const string html = "<p><a href=\"mailto:desk@example.com\">راسلنا</a> <a href=\"/ar/articles/x\">داخلى</a></p>";

        Assert.Equal(html, ArticleHtml.Process(html).Html);
    }

    [Fact]
    public void H1_becomes_h2_because_the_title_is_the_only_h1()
    {
        var content = ArticleHtml.Process("<h1>عنوان <em>فرعى</em></h1>");

        Assert.Equal("<h2>عنوان <em>فرعى</em></h2>", content.Html);
        Assert.Equal(new HeadingBlock(2, "عنوان فرعى"), Assert.Single(content.Blocks));
    }

    [Fact]
    public void Images_need_an_absolute_http_or_https_source()
    {
        var content = ArticleHtml.Process(
            "<img src=\"data:image/png;base64,AAAA\"><img src=\"/uploads/a.jpg\"><img src=\"javascript:x\"><img src=\"https://example.com/b.jpg\" alt=\"صورة\" width=\"600\" height=\"400\" onerror=\"x()\">");

        Assert.Equal("<img src=\"https://example.com/b.jpg\" alt=\"صورة\" width=\"600\" height=\"400\">", content.Html);
        Assert.Equal(new ImageBlock("https://example.com/b.jpg", "صورة", null), Assert.Single(content.Blocks));
    }

    [Fact]
    public void Unknown_wrappers_are_unwrapped_and_their_text_kept()
    {
        var content = ArticleHtml.Process("<div class=\"entry\"><section><p>نص <font color=\"red\">أحمر</font></p></section></div>");

        Assert.Equal("<p>نص أحمر</p>", content.Html);
    }

    [Fact]
    public void Arabic_text_is_written_as_is_not_as_character_references()
    {
        const string text = "وزير الدفاع الروسى أندريه بيلوسوف، «زيارة» مُحَمَّدٌ";

        var content = ArticleHtml.Process($"<p>{text}</p>");

        Assert.Equal($"<p>{text}</p>", content.Html);
        Assert.DoesNotContain("&#", content.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Character_references_in_the_input_come_out_as_Arabic_letters()
    {
        Assert.Equal("<p>مصر &amp; &lt;العالم&gt;</p>", ArticleHtml.Process("<p>&#1605;&#x635;&#1585; &amp; &lt;العالم&gt;</p>").Html);
    }

    [Fact]
    public void Representative_article_html_passes_the_allow_list_unchanged()
    {
        Assert.Equal(Article.Trim(), ArticleHtml.Process(Article).Html);
    }

    [Fact]
    public void Representative_article_gives_one_block_per_element()
    {
        var blocks = ArticleHtml.Process(Article).Blocks;

        Assert.Equal(7, blocks.Count);
        Assert.Equal(new ParagraphBlock("استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف."), blocks[0]);
        Assert.Equal(new HeadingBlock(2, "عرض فنى ترحيبا بالوفد العسكرى الروسى"), blocks[1]);
        Assert.Equal(new ImageBlock("https://example.com/a.jpg", "كيم وبيلوسوف", "كيم جونج أون يستقبل بيلوسوف"), blocks[2]);
        Assert.Equal(new QuoteBlock("زيارة بيلوسوف ستساهم فى تعزيز القدرات الدفاعية\nوضمان أمن البلدين", "كيم جونج أون"), blocks[3]);
        var bullets = Assert.IsType<ListBlock>(blocks[4]);
        Assert.False(bullets.Ordered);
        Assert.Equal(["الدفاع", "الأمن"], bullets.Items);
        var numbered = Assert.IsType<ListBlock>(blocks[5]);
        Assert.True(numbered.Ordered);
        Assert.Equal(["الأول", "الثانى"], numbered.Items);
        Assert.Equal(new ParagraphBlock("سطر أول\nسطر ثان"), blocks[6]);
    }

    [Fact]
    public void Plain_text_joins_the_blocks_with_blank_lines()
    {
        var content = ArticleHtml.Process(Article);

        Assert.Equal(
            "استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف.\n\n"
            + "عرض فنى ترحيبا بالوفد العسكرى الروسى\n\n"
            + "كيم جونج أون يستقبل بيلوسوف\n\n"
            + "زيارة بيلوسوف ستساهم فى تعزيز القدرات الدفاعية\nوضمان أمن البلدين\nكيم جونج أون\n\n"
            + "الدفاع\nالأمن\n\n"
            + "الأول\nالثانى\n\n"
            + "سطر أول\nسطر ثان",
            content.PlainText);
    }

    [Fact]
    public void Word_count_and_reading_time_of_the_representative_article()
    {
        var content = ArticleHtml.Process(Article);

        Assert.Equal(40, content.WordCount);
        Assert.Equal(1, content.ReadingTimeMinutes);
    }

    [Fact]
    public void Image_alone_in_a_paragraph_becomes_an_image_block()
    {
        var blocks = ArticleHtml.Process("<p> <a href=\"https://example.com\"><img src=\"https://example.com/c.jpg\"></a> </p>").Blocks;

        Assert.Equal(new ImageBlock("https://example.com/c.jpg", null, null), Assert.Single(blocks));
    }

    [Fact]
    public void Image_inside_running_text_splits_it_in_reading_order()
    {
        var blocks = ArticleHtml.Process("<p>قبل الصورة <img src=\"https://example.com/d.jpg\" alt=\"\"> بعد الصورة</p>").Blocks;

        Assert.Equal(
            [new ParagraphBlock("قبل الصورة"), new ImageBlock("https://example.com/d.jpg", null, null), new ParagraphBlock("بعد الصورة")],
            blocks);
    }

    [Fact]
    public void Empty_paragraphs_are_skipped()
    {
        var blocks = ArticleHtml.Process("<p> </p><p>&nbsp;</p><p><br></p><p>نص</p><hr>").Blocks;

        Assert.Equal(new ParagraphBlock("نص"), Assert.Single(blocks));
    }

    [Fact]
    public void Bare_text_becomes_paragraphs_split_at_blank_lines()
    {
        var blocks = ArticleHtml.Process("الفقرة <strong>الأولى</strong>\nتكملة\n\n  الفقرة الثانية\n").Blocks;

        Assert.Equal([new ParagraphBlock("الفقرة الأولى تكملة"), new ParagraphBlock("الفقرة الثانية")], blocks);
    }

    [Fact]
    public void Quote_without_a_cite_element_takes_its_cite_attribute()
    {
        var blocks = ArticleHtml.Process("<blockquote cite=\"https://example.com/s\">قول مأثور</blockquote>").Blocks;

        Assert.Equal(new QuoteBlock("قول مأثور", "https://example.com/s"), Assert.Single(blocks));
    }

    [Fact]
    public void Quote_attribution_alone_in_the_last_paragraph_is_the_cite()
    {
        var blocks = ArticleHtml.Process("<blockquote><p>قرأت <cite>الأيام</cite> مرتين</p><p><cite>طه حسين</cite></p></blockquote>").Blocks;

        Assert.Equal(new QuoteBlock("قرأت الأيام مرتين", "طه حسين"), Assert.Single(blocks));
    }

    [Fact]
    public void Quote_without_any_source_has_a_null_cite()
    {
        var blocks = ArticleHtml.Process("<blockquote><p>قول</p></blockquote>").Blocks;

        Assert.Equal(new QuoteBlock("قول", null), Assert.Single(blocks));
    }

    [Fact]
    public void Table_becomes_a_table_block_and_plain_text_with_one_line_per_row()
    {
        // Issue #17: a table was a paragraph of its rows, so a footer (totals, a source) read as data. The plain text
        // keeps the one-line-per-row form search and excerpts had.
        var content = ArticleHtml.Process("<table><thead><tr><th>الدولة</th><th>العاصمة</th></tr></thead><tbody><tr><td>مصر</td><td>القاهرة</td></tr></tbody></table>");

        var table = Assert.IsType<TableBlock>(Assert.Single(content.Blocks));
        Assert.Null(table.Caption);
        Assert.Equal([["الدولة", "العاصمة"]], table.Head);
        Assert.Equal([["مصر", "القاهرة"]], table.Body);
        Assert.Empty(table.Foot);
        Assert.Equal("الدولة العاصمة\nمصر القاهرة", content.PlainText);
    }

    [Fact]
    public void Preformatted_text_keeps_its_spacing()
    {
        var blocks = ArticleHtml.Process("<pre>\nif (x)\n    y();\n</pre>").Blocks;

        Assert.Equal(new ParagraphBlock("if (x)\n    y();"), Assert.Single(blocks));
    }

    [Fact]
    public void Figure_without_a_single_image_is_read_as_its_content()
    {
        var blocks = ArticleHtml.Process(
            "<figure><figure><img src=\"https://example.com/1.jpg\"><figcaption>أ</figcaption></figure><figure><img src=\"https://example.com/2.jpg\"></figure><figcaption>معرض</figcaption></figure>").Blocks;

        Assert.Equal(
            [new ImageBlock("https://example.com/1.jpg", null, "أ"), new ImageBlock("https://example.com/2.jpg", null, null), new ParagraphBlock("معرض")],
            blocks);
    }

    [Fact]
    public void Word_count_ignores_tokens_without_letters_or_digits()
    {
        var content = ArticleHtml.Process("<p>واحد اثنان — ثلاثة 3 !! ، «أربعة»</p>");

        Assert.Equal(5, content.WordCount);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(200, 1)]
    [InlineData(201, 2)]
    [InlineData(400, 2)]
    [InlineData(401, 3)]
    public void Reading_time_is_200_words_a_minute_rounded_up_and_at_least_one(int words, int minutes)
    {
        var content = ArticleHtml.Process("<p>" + string.Join(" ", Enumerable.Repeat("كلمة", words)) + "</p>");

        Assert.Equal(words, content.WordCount);
        Assert.Equal(minutes, content.ReadingTimeMinutes);
    }

    [Fact]
    public void Empty_input_gives_empty_content()
    {
        var content = ArticleHtml.Process("");

        Assert.Equal("", content.Html);
        Assert.Empty(content.Blocks);
        Assert.Equal("", content.PlainText);
        Assert.Equal(0, content.WordCount);
    }
}
