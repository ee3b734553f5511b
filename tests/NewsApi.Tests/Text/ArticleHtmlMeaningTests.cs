using NewsApi.Text;

namespace NewsApi.Tests.Text;

/// <summary>
/// Issue #17 item 7 at the unit level: the elements the allow-list gained, their safe attributes, the blocks they
/// become, and plain text that keeps word boundaries.
/// </summary>
public class ArticleHtmlMeaningTests
{
    [Fact]
    public void Inline_elements_with_meaning_pass_the_allow_list_unchanged()
    {
        const string html =
            "<p><del datetime=\"2024-12-02T09:00:00Z\" cite=\"https://news.example/c\">خمسة</del> <ins datetime=\"2024-12-02\">سبعة</ins> "
            + "<q cite=\"https://news.example/s\">مأساة</q> <abbr title=\"منظمة الصحة العالمية\">WHO</abbr> <cite>الأهرام</cite> <kbd>Ctrl</kbd> "
            + "<var>x</var> <small>تقدير</small> H<sub>2</sub>O 10<sup>3</sup> <s>قديم</s></p>";

        var content = ArticleHtml.Process(html);

        Assert.Equal(html, content.Html);
        Assert.Equal(new ParagraphBlock("سبعة «مأساة» WHO الأهرام Ctrl x تقدير H2O 103"), Assert.Single(content.Blocks));
    }

    [Fact]
    public void A_latin_inline_quotation_takes_curly_quotes()
    {
        Assert.Equal(new ParagraphBlock("He said “enough” twice"), Assert.Single(ArticleHtml.Process("<p>He said <q>enough</q> twice</p>").Blocks));
    }

    [Theory]
    [InlineData("<q cite=\"javascript:alert(1)\">ق</q>", "<q>ق</q>")]
    [InlineData("<q cite=\"/relative\">ق</q>", "<q>ق</q>")]
    [InlineData("<del datetime=\"yesterday\">ق</del>", "<del>ق</del>")]
    [InlineData("<del datetime=\"2024-12-02T09:00\" onclick=\"x()\">ق</del>", "<del datetime=\"2024-12-02T09:00\">ق</del>")]
    [InlineData("<span datetime=\"2024-12-02\" cite=\"https://news.example/s\">ق</span>", "<span>ق</span>")]
    [InlineData("<q cite=\"https://news.example/a b\">ق</q>", "<q cite=\"https://news.example/a%20b\">ق</q>")]
    [InlineData("<abbr title=\"t\" onmouseover=\"x()\" style=\"color:red\">ق</abbr>", "<abbr title=\"t\">ق</abbr>")]
    public void Cite_and_datetime_are_kept_only_where_they_mean_something_and_only_when_valid(string inner, string expected)
    {
        Assert.Equal($"<p>{expected}</p>", ArticleHtml.Process($"<p>{inner}</p>").Html);
    }

    [Fact]
    public void A_description_list_groups_terms_with_their_descriptions()
    {
        var content = ArticleHtml.Process("<dl><dt>القاهرة</dt><dt>Cairo</dt><dd>العاصمة</dd><dd>أكبر مدينة</dd><dt>الجيزة</dt><dd>الأهرام</dd></dl>");

        var list = Assert.IsType<DefinitionListBlock>(Assert.Single(content.Blocks));
        Assert.Equal(2, list.Items.Count);
        Assert.Equal(["القاهرة", "Cairo"], list.Items[0].Terms);
        Assert.Equal(["العاصمة", "أكبر مدينة"], list.Items[0].Descriptions);
        Assert.Equal(["الجيزة"], list.Items[1].Terms);
        Assert.Equal("القاهرة\nCairo\nالعاصمة\nأكبر مدينة\nالجيزة\nالأهرام", content.PlainText);
    }

    [Fact]
    public void An_address_is_its_own_block_and_its_text_never_runs_into_the_next()
    {
        var content = ArticleHtml.Process("<address>مكتب القاهرة<br>12 شارع الجلاء</address><p>نص الخبر</p>");

        Assert.Equal([new AddressBlock("مكتب القاهرة\n12 شارع الجلاء"), new ParagraphBlock("نص الخبر")], content.Blocks);
        Assert.Equal("مكتب القاهرة\n12 شارع الجلاء\n\nنص الخبر", content.PlainText);
    }

    [Fact]
    public void A_table_keeps_its_caption_and_footer_apart_from_its_body()
    {
        var content = ArticleHtml.Process(
            "<table><caption>النتائج</caption><tbody><tr><td>أ</td><td>1</td></tr></tbody><tfoot><tr><td>المجموع</td><td>1</td></tr></tfoot></table>");

        Assert.Equal("<table><caption>النتائج</caption><tbody><tr><td>أ</td><td>1</td></tr></tbody><tfoot><tr><td>المجموع</td><td>1</td></tr></tfoot></table>", content.Html);
        var table = Assert.IsType<TableBlock>(Assert.Single(content.Blocks));
        Assert.Equal("النتائج", table.Caption);
        Assert.Equal([["أ", "1"]], table.Body);
        Assert.Equal([["المجموع", "1"]], table.Foot);
        Assert.Equal("النتائج\nأ 1\nالمجموع 1", content.PlainText);
    }

    [Fact]
    public void Flattened_description_lists_and_addresses_inside_a_quote_keep_their_words_apart()
    {
        var quote = Assert.IsType<QuoteBlock>(Assert.Single(ArticleHtml.Process("<blockquote><dl><dt>س</dt><dd>ج</dd></dl><address>العنوان</address></blockquote>").Blocks));

        Assert.Equal("س\nج\nالعنوان", quote.Text);
    }

    [Fact]
    public void Separators_between_blocks_are_kept_and_those_at_the_ends_or_doubled_are_not()
    {
        var blocks = ArticleHtml.Process("<hr><p>أ</p><hr><hr><p>ب</p><hr>").Blocks;

        Assert.Equal([new ParagraphBlock("أ"), new SeparatorBlock(), new ParagraphBlock("ب")], blocks);
    }

    [Fact]
    public void A_figure_holding_only_a_link_to_itself_is_an_embed()
    {
        var content = ArticleHtml.Process("<figure><a href=\"https://vimeo.com/76979871\">https://vimeo.com/76979871</a><figcaption>المقطع</figcaption></figure>");

        Assert.Equal(new EmbedBlock("https://vimeo.com/76979871", "vimeo", "المقطع"), Assert.Single(content.Blocks));
        Assert.Equal("المقطع", content.PlainText);
    }

    [Fact]
    public void A_figure_with_a_link_and_other_text_is_not_an_embed()
    {
        var blocks = ArticleHtml.Process("<figure>شاهد <a href=\"https://vimeo.com/1\">المقطع</a></figure>").Blocks;

        Assert.Equal(new ParagraphBlock("شاهد المقطع"), Assert.Single(blocks));
    }

    [Fact]
    public void An_iframe_inside_running_text_becomes_a_link_in_the_text()
    {
        var content = ArticleHtml.Process("<p>شاهد <iframe src=\"https://player.vimeo.com/video/1\"></iframe> الآن</p>");

        Assert.Equal("<p>شاهد <a href=\"https://player.vimeo.com/video/1\">https://player.vimeo.com/video/1</a> الآن</p>", content.Html);
    }

    [Fact]
    public void A_paragraph_emptied_by_the_sanitiser_is_removed_but_a_no_break_space_one_is_kept()
    {
        Assert.Equal("<p>أ</p><p>&nbsp;</p>", ArticleHtml.Process("<p>أ</p><p><script>x()</script></p><p>&nbsp;</p>").Html);
    }

    [Theory]
    [InlineData("<div>أ</div><div>ب</div>")]
    [InlineData("<section>أ</section>ب")]
    [InlineData("<header>أ</header><footer>ب</footer>")]
    public void Unwrapped_blocks_become_separate_paragraphs(string html)
    {
        Assert.Equal([new ParagraphBlock("أ"), new ParagraphBlock("ب")], ArticleHtml.Process(html).Blocks);
    }

    [Fact]
    public void Unwrapped_blocks_inside_a_list_item_keep_a_space_between_their_words()
    {
        var list = Assert.IsType<ListBlock>(Assert.Single(ArticleHtml.Process("<ul><li><div>أ</div><div>ب</div></li></ul>").Blocks));

        Assert.Equal(["أ ب"], list.Items);
    }
    [Theory]
    [InlineData("<q cite=\"javascript:alert(1)\">x</q>")]
    [InlineData("<del cite=\"data:text/html,<script>alert(1)</script>\" datetime=\"javascript:alert(1)\">x</del>")]
    [InlineData("<ins cite=\"JaVaScRiPt:alert(1)\">x</ins>")]
    [InlineData("<abbr title=\"x\" onclick=\"alert(1)\">x</abbr>")]
    [InlineData("<dl><dt onmouseover=\"alert(1)\">x</dt><dd style=\"x:expression(alert(1))\">y</dd></dl>")]
    [InlineData("<address onclick=\"alert(1)\"><a href=\"javascript:alert(1)\">x</a></address>")]
    [InlineData("<table><tfoot onload=\"alert(1)\"><tr><td>x</td></tr></tfoot></table>")]
    [InlineData("<iframe src=\"https://www.youtube.com/embed/x\" onload=\"alert(1)\"></iframe>")]
    [InlineData("<iframe src=\"https://www.youtube.com/embed/x&quot;onload=&quot;alert(1)\"></iframe>")]
    [InlineData("<iframe src=\"javascript://www.youtube.com/%0aalert(1)\"></iframe>")]
    [InlineData("<iframe srcdoc=\"<script>alert(1)</script>\" src=\"https://vimeo.com/1\"></iframe>")]
    [InlineData("<figure><a href=\"javascript:alert(1)\">x</a></figure>")]
    public void Hostile_markup_on_the_new_elements_and_embeds_is_made_harmless(string vector)
    {
        var content = ArticleHtml.Process($"<p>نص</p>{vector}");
        var html = content.Html.ToLowerInvariant();

        foreach (var danger in new[] { "<script", "javascript:", "data:text", " on", "style=", "<iframe", "srcdoc" })
        {
            Assert.DoesNotContain(danger, html, StringComparison.Ordinal);
        }

        Assert.All(content.Blocks.OfType<EmbedBlock>(), embed => Assert.StartsWith("https://", embed.Url, StringComparison.Ordinal));
    }
}
