using NewsApi.Import;
using NewsApi.Text;

namespace NewsApi.Tests.Text;

/// <summary>WordPress content to HTML, checked as WordPress shows it and as the content pipeline then reads it.</summary>
public class WordPressContentTests
{
    private static readonly Dictionary<long, WxrAttachment> Media = new()
    {
        [7] = new WxrAttachment(7, 40, 1, "https://news.example/up/b.jpg", "الثانية", null),
        [8] = new WxrAttachment(8, 40, 0, "https://news.example/up/a.jpg", "الأولى", "تعليق <الأولى>"),
        [9] = new WxrAttachment(9, 0, 0, "javascript:alert(1)", null, null),
    };

    private static IReadOnlyList<ContentBlock> Blocks(string content, long postId = 0) =>
        ArticleHtml.Process(WordPressContent.ToHtml(content, Media, postId)).Blocks;

    [Fact]
    public void A_blank_line_makes_a_paragraph_and_a_single_new_line_a_break()
    {
        Assert.Equal("<p>أ</p>\n<p>ب<br />\nج</p>\n", WordPressContent.ToHtml("أ\n\nب\nج"));
    }

    [Fact]
    public void Windows_line_ends_count_as_new_lines()
    {
        Assert.Equal("<p>أ</p>\n<p>ب<br />\nج</p>\n", WordPressContent.ToHtml("أ\r\n\r\nب\r\nج"));
    }

    [Fact]
    public void Block_elements_are_not_wrapped_in_paragraphs_and_pre_is_left_alone()
    {
        var html = WordPressContent.ToHtml("نص\n<h2>عنوان</h2>\nنص آخر\n\n<pre>سطر\n\nسطر</pre>");

        Assert.DoesNotContain("<p><h2>", html, StringComparison.Ordinal);
        Assert.Contains("<pre>سطر\n\nسطر</pre>", html, StringComparison.Ordinal);
        Assert.Equal([new ParagraphBlock("نص"), new HeadingBlock(2, "عنوان"), new ParagraphBlock("نص آخر"), new ParagraphBlock("سطر\n\nسطر")], ArticleHtml.Process(html).Blocks);
    }

    [Fact]
    public void Content_that_already_has_paragraphs_keeps_them()
    {
        Assert.Equal([new ParagraphBlock("أ"), new ParagraphBlock("ب")], Blocks("<p>أ</p>\n<p>ب</p>"));
    }

    [Fact]
    public void A_caption_shortcode_becomes_a_figure_with_a_figcaption()
    {
        var blocks = Blocks("[caption id=\"attachment_8\" align=\"alignnone\" width=\"300\"]<a href=\"https://news.example/up/a.jpg\"><img src=\"https://news.example/up/a.jpg\" alt=\"صورة\" /></a> كيم <em>وبيلوسوف</em>[/caption]");

        Assert.Equal(new ImageBlock("https://news.example/up/a.jpg", "صورة", "كيم وبيلوسوف"), Assert.Single(blocks));
    }

    [Fact]
    public void The_old_caption_attribute_is_the_caption_too()
    {
        var blocks = Blocks("[caption id=\"attachment_8\" caption=\"الوزير\"]<img src=\"https://news.example/up/a.jpg\" alt=\"\" />[/caption]");

        Assert.Equal(new ImageBlock("https://news.example/up/a.jpg", null, "الوزير"), Assert.Single(blocks));
    }

    [Fact]
    public void A_gallery_names_its_images_by_attachment_id_in_the_order_given()
    {
        var blocks = Blocks("[gallery ids=\"7,8,9,404\"]");

        Assert.Equal(
            [new ImageBlock("https://news.example/up/b.jpg", "الثانية", null), new ImageBlock("https://news.example/up/a.jpg", "الأولى", "تعليق <الأولى>")],
            blocks);
    }

    [Fact]
    public void A_gallery_without_ids_shows_the_posts_attached_images_in_menu_order()
    {
        var blocks = Blocks("[gallery]", postId: 40);

        Assert.Equal(["https://news.example/up/a.jpg", "https://news.example/up/b.jpg"], blocks.Cast<ImageBlock>().Select(image => image.Url));
    }

    [Theory]
    [InlineData("[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube")]
    [InlineData("قبل\n\nhttps://vimeo.com/76979871\n\nبعد", "https://vimeo.com/76979871", "vimeo")]
    [InlineData("<p>https://x.com/example/status/1</p>", "https://x.com/example/status/1", "x")]
    [InlineData("[embed]https://video.example/clip[/embed]", "https://video.example/clip", null)]
    [InlineData("[video width=\"640\" mp4=\"https://news.example/up/v.mp4\"][/video]", "https://news.example/up/v.mp4", null)]
    public void Embeds_and_media_urls_alone_on_a_line_become_embed_blocks(string content, string url, string? provider)
    {
        var embed = Assert.Single(Blocks(content).OfType<EmbedBlock>());

        Assert.Equal(new EmbedBlock(url, provider, null), embed);
    }

    [Fact]
    public void A_url_of_another_site_alone_on_a_line_stays_text()
    {
        Assert.Equal(new ParagraphBlock("https://news.example/about"), Assert.Single(Blocks("https://news.example/about")));
    }

    [Fact]
    public void Unknown_shortcodes_go_and_their_text_stays_while_brackets_in_prose_and_escaped_shortcodes_stay_literal()
    {
        var blocks = Blocks("[vc_row][vc_column width=\"1/2\"]نص المحرر[/vc_column][/vc_row]\n\n[contact-form-7 id=\"5\" title=\"اتصل\"]\n\nاكتب [[gallery]] أو [[caption]نص[/caption]] والخطأ [sic] والمرجع [1] و[see below].");

        Assert.Equal([new ParagraphBlock("نص المحرر"), new ParagraphBlock("اكتب [gallery] أو [caption]نص[/caption] والخطأ [sic] والمرجع [1] و[see below].")], blocks);
    }

    [Fact]
    public void A_stray_closing_shortcode_is_removed()
    {
        Assert.Equal([new ParagraphBlock("نص")], Blocks("نص[/vc_column]"));
    }

    [Fact]
    public void Gutenberg_comments_never_reach_the_output_and_classic_text_between_blocks_gets_paragraphs()
    {
        var html = WordPressContent.ToHtml("<!-- wp:paragraph -->\n<p>أ</p>\n<!-- /wp:paragraph -->\n\nب\nج\n\n<!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->\n\n<!-- wp:paragraph {\"align\":\"center\"} -->\n<p class=\"has-text-align-center\">د</p>\n<!-- /wp:paragraph -->");

        Assert.DoesNotContain("wp:", html, StringComparison.Ordinal);
        Assert.Equal([new ParagraphBlock("أ"), new ParagraphBlock("ب\nج"), new SeparatorBlock(), new ParagraphBlock("د")], ArticleHtml.Process(html).Blocks);
    }

    [Fact]
    public void A_gutenberg_image_takes_its_alt_text_from_its_attachment_when_it_saved_none()
    {
        var blocks = Blocks("<!-- wp:image {\"id\":8} -->\n<figure class=\"wp-block-image\"><img src=\"https://news.example/up/a-1024.jpg\" alt=\"\" class=\"wp-image-8\"/></figure>\n<!-- /wp:image -->");

        Assert.Equal(new ImageBlock("https://news.example/up/a-1024.jpg", "الأولى", null), Assert.Single(blocks));
    }

    [Fact]
    public void An_old_gutenberg_gallery_with_a_list_of_images_gives_image_blocks()
    {
        var blocks = Blocks("<!-- wp:gallery {\"ids\":[8,7]} -->\n<figure class=\"wp-block-gallery columns-2\"><ul class=\"blocks-gallery-grid\"><li class=\"blocks-gallery-item\"><figure><img src=\"https://news.example/up/a.jpg\" alt=\"أ\" data-id=\"8\"/><figcaption class=\"blocks-gallery-item__caption\">الأولى</figcaption></figure></li><li class=\"blocks-gallery-item\"><figure><img src=\"https://news.example/up/b.jpg\" alt=\"\" data-id=\"7\"/></figure></li></ul></figure>\n<!-- /wp:gallery -->");

        Assert.Equal([new ImageBlock("https://news.example/up/a.jpg", "أ", "الأولى"), new ImageBlock("https://news.example/up/b.jpg", "الثانية", null)], blocks);
    }

    [Fact]
    public void A_gutenberg_embed_takes_its_url_from_the_block_and_its_caption_from_the_figure()
    {
        var blocks = Blocks("<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div><figcaption>الكلمة <strong>كاملة</strong></figcaption></figure>\n<!-- /wp:embed -->");

        Assert.Equal(new EmbedBlock("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "الكلمة كاملة"), Assert.Single(blocks));
    }

    [Theory]
    [InlineData("[caption caption=\"<script>alert(1)</script>تعليق\"]<img src=\"https://news.example/up/a.jpg\" onerror=\"alert(2)\" alt=\"x\" />[/caption]")]
    [InlineData("[caption]<img src=\"https://news.example/up/a.jpg\" alt=\"x\" /> تعليق <a href=\"javascript:alert(1)\" onclick=\"alert(2)\">!</a>[/caption]")]
    [InlineData("[embed]javascript:alert(1)[/embed]\n\n[embed]data:text/html,<script>alert(2)</script>[/embed]")]
    [InlineData("[gallery ids=\"9\"]\n\n[video src=\"javascript:alert(1)\"]")]
    [InlineData("<!-- wp:embed {\"url\":\"javascript:alert(1)\"} -->\n<figure><div>javascript:alert(1)</div></figure>\n<!-- /wp:embed -->")]
    [InlineData("[x_box title='\"><script>alert(1)</script>']نص[/x_box]")]
    [InlineData("<!-- wp:image {\"id\":9} -->\n<figure><img src=\"javascript:alert(1)\" onerror=\"alert(2)\" class=\"wp-image-9\"/></figure>\n<!-- /wp:image -->")]
    public void Hostile_shortcodes_and_blocks_come_out_without_scripts_handlers_or_script_urls(string content)
    {
        var html = ArticleHtml.Process(WordPressContent.ToHtml(content, Media)).Html;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Pathological_content_is_read_in_one_pass()
    {
        // Many unclosed shortcodes, block comments without ends, and a long run of white space before a new line:
        // each would cost time growing with the square of its length in a naive reading.
        var content = string.Concat(Enumerable.Repeat("[vc_a x=1]", 20_000)) + string.Concat(Enumerable.Repeat("<!-- wp:group -->", 20_000))
            + new string(' ', 100_000) + "\nنص";

        var html = WordPressContent.ToHtml(content);

        Assert.EndsWith("نص", html.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("vc_a", html, StringComparison.Ordinal);
    }
}
