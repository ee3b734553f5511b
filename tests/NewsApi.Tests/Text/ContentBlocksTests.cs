using System.Text.Json;
using NewsApi.Text;

namespace NewsApi.Tests.Text;

public class ContentBlocksTests
{
    // The app's settings: camelCase names, as JsonSerializerDefaults.Web gives.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Blocks_serialise_with_a_type_discriminator_and_camel_case_properties()
    {
        IReadOnlyList<ContentBlock> blocks =
        [
            new ParagraphBlock("Text"),
            new HeadingBlock(2, "Title"),
            new ImageBlock("https://example.com/a.jpg", "Alt", null),
            new QuoteBlock("Said", "Someone"),
            new ListBlock(true, ["one", "two"]),
        ];

        var json = JsonSerializer.Serialize(blocks, Web);

        Assert.Equal(
            """[{"type":"paragraph","text":"Text"},{"type":"heading","level":2,"text":"Title"},"""
            + """{"type":"image","url":"https://example.com/a.jpg","alt":"Alt","caption":null},"""
            + """{"type":"quote","text":"Said","cite":"Someone"},{"type":"list","ordered":true,"items":["one","two"]}]""",
            json);
    }

    [Fact]
    public void Stored_blocks_read_back_as_the_same_types_and_values()
    {
        const string json =
            """[{"type":"heading","level":3,"text":"Title"},{"type":"list","ordered":false,"items":["a","b"]},{"type":"quote","text":"Said","cite":null}]""";

        var blocks = JsonSerializer.Deserialize<IReadOnlyList<ContentBlock>>(json, Web)!;

        Assert.Equal(new HeadingBlock(3, "Title"), blocks[0]);
        var list = Assert.IsType<ListBlock>(blocks[1]);
        Assert.False(list.Ordered);
        Assert.Equal(["a", "b"], list.Items);
        Assert.Equal(new QuoteBlock("Said", null), blocks[2]);
        Assert.Equal(json, JsonSerializer.Serialize(blocks, Web));
    }
}
