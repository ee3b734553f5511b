using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NewsApi.Text;

namespace NewsApi.Data;

/// <summary>
/// Content blocks as JSON, as <see cref="StoredBody"/> keeps them (and the legacy articles.body_blocks column held them) with Arabic stored as is. The default encoder would
/// write every Arabic letter as a six-byte \uXXXX escape and triple the column. PostgreSQL's jsonb keeps an object's
/// keys in its own order (shorter first), so a block's type discriminator may come back after its other properties.
/// </summary>
public static class StoredBlocks
{
    private static readonly NewsApiJsonContext Context = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        AllowOutOfOrderMetadataProperties = true,
    });

    public static string Serialize(IReadOnlyList<ContentBlock> blocks) => JsonSerializer.Serialize(blocks, Context.IReadOnlyListContentBlock);

    public static IReadOnlyList<ContentBlock> Deserialize(string json) => JsonSerializer.Deserialize(json, Context.IReadOnlyListContentBlock) ?? [];

    /// <summary>The blocks from their UTF-8 JSON as stored (no string of the JSON is made).</summary>
    public static IReadOnlyList<ContentBlock> Deserialize(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize(utf8Json, Context.IReadOnlyListContentBlock) ?? [];
}
