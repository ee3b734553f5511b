using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Admin;

/// <summary>
/// Issue #17 item 7 through the editorial API: the elements the sanitiser used to strip or flatten keep their meaning
/// for every writer, not only the WordPress import, as the public article's html and blocks show.
/// </summary>
public sealed class ArticleMeaningTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _editor;

    public ArticleMeaningTests() => _editor = _factory.CreateEditorClient();

    public void Dispose() => _factory.Dispose();

    private int CategoryId()
    {
        using var db = _factory.OpenDatabase();
        return db.ExecuteScalar<int>("SELECT id FROM categories ORDER BY id LIMIT 1");
    }

    private async Task<JsonElement> PublishAsync(string title, string bodyHtml)
    {
        var created = await (await _editor.PostAsJsonAsync("/api/v1/admin/articles", new { title, bodyHtml, categoryId = CategoryId() })).JsonAsync(HttpStatusCode.Created);
        await (await _editor.PostAsJsonAsync($"/api/v1/admin/articles/{created.GetProperty("id").GetInt32()}/publish", new { })).JsonAsync();
        var slug = created.GetProperty("slug").GetString()!;
        return (await (await _factory.CreateClient().GetAsync($"/api/v1/articles/{Uri.EscapeDataString(slug)}")).JsonAsync()).GetProperty("content");
    }

    private static string[] Types(JsonElement content) =>
        [.. content.GetProperty("blocks").EnumerateArray().Select(block => block.GetProperty("type").GetString()!)];

    [Fact]
    public async Task An_editors_description_list_address_edits_and_table_footer_reach_the_public_article()
    {
        const string body =
            "<p>بلغ عدد الضحايا <del datetime=\"2024-12-02\" cite=\"https://news.example/c/1\">خمسة</del> <ins>سبعة</ins> وفق <q>الوزارة</q>.</p>"
            + "<dl><dt>الموقع</dt><dd>طريق الواحات</dd></dl><address>مكتب القاهرة</address>"
            + "<table><tbody><tr><td>أ</td><td>1</td></tr></tbody><tfoot><tr><td>المجموع</td><td>1</td></tr></tfoot></table>";

        var content = await PublishAsync("تصحيح من المحرر", body);

        Assert.Equal(body, content.GetProperty("html").GetString());
        Assert.Equal(["paragraph", "definitions", "address", "table"], Types(content));
        var blocks = content.GetProperty("blocks");
        Assert.Equal("بلغ عدد الضحايا سبعة وفق «الوزارة».", blocks[0].GetProperty("text").GetString());
        Assert.Equal("مكتب القاهرة", blocks[2].GetProperty("text").GetString());
        Assert.Equal("المجموع", blocks[3].GetProperty("foot")[0][0].GetString());
        Assert.Equal(0, blocks[3].GetProperty("head").GetArrayLength());
    }

    [Fact]
    public async Task Hostile_attributes_on_the_new_elements_are_removed_and_a_media_iframe_becomes_an_embed()
    {
        const string body =
            "<p><q cite=\"javascript:alert(1)\">قول</q> <del datetime=\"&lt;script&gt;\" cite=\"/relative\" onclick=\"x()\">قديم</del> "
            + "<abbr title=\"اختصار\" onmouseover=\"x()\">أ</abbr> <span cite=\"https://news.example/s\">نص</span></p>"
            + "<p><iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\" onload=\"x()\"></iframe></p>"
            + "<iframe src=\"https://evil.example/x\"></iframe>";

        var content = await PublishAsync("سمات عدائية", body);

        Assert.Equal(
            "<p><q>قول</q> <del>قديم</del> <abbr title=\"اختصار\">أ</abbr> <span>نص</span></p>"
            + "<figure><a href=\"https://www.youtube.com/embed/dQw4w9WgXcQ\">https://www.youtube.com/embed/dQw4w9WgXcQ</a></figure>",
            content.GetProperty("html").GetString());
        Assert.Equal(["paragraph", "embed"], Types(content));
        var embed = content.GetProperty("blocks")[1];
        Assert.Equal("https://www.youtube.com/embed/dQw4w9WgXcQ", embed.GetProperty("url").GetString());
        Assert.Equal("youtube", embed.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Unwrapped_block_elements_do_not_glue_their_text_to_their_neighbours()
    {
        var content = await PublishAsync("أقسام بلا فقرات", "<div>الفقرة الأولى</div><div>الفقرة الثانية</div><section>الثالثة</section><p>الرابعة</p>");

        var texts = content.GetProperty("blocks").EnumerateArray().Select(block => block.GetProperty("text").GetString()).ToList();
        Assert.Equal(["الفقرة الأولى", "الفقرة الثانية", "الثالثة", "الرابعة"], texts);
    }
}
