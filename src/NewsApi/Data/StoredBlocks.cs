using System.Data;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Dapper;
using NewsApi.Text;

namespace NewsApi.Data;

/// <summary>
/// The articles.body_blocks column: content blocks as JSON with Arabic stored as is. The default encoder would
/// write every Arabic letter as a six-byte \uXXXX escape and triple the column.
/// </summary>
public static class StoredBlocks
{
    private static readonly NewsApiJsonContext Context = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        // PostgreSQL's jsonb keeps an object's keys in its own order (shorter first), so a block's "type" may come
        // after its text when read back.
        AllowOutOfOrderMetadataProperties = true,
    });

    static StoredBlocks() => SqlMapper.AddTypeHandler(new BlocksJsonHandler());

    public static string Serialize(IReadOnlyList<ContentBlock> blocks) => JsonSerializer.Serialize(blocks, Context.IReadOnlyListContentBlock);

    /// <summary>The blocks as a Dapper parameter value for body_blocks on either engine (see <see cref="BlocksJson"/>).</summary>
    public static BlocksJson Parameter(IReadOnlyList<ContentBlock> blocks) => new(Serialize(blocks));

    public static IReadOnlyList<ContentBlock> Deserialize(string json) => JsonSerializer.Deserialize(json, Context.IReadOnlyListContentBlock) ?? [];
}

/// <summary>
/// Serialised blocks on their way to body_blocks: text on SQLite, <c>jsonb</c> on PostgreSQL, which refuses a text
/// parameter for a jsonb column (and Npgsql types every string parameter as text).
/// </summary>
public sealed record BlocksJson(string Json);

internal sealed class BlocksJsonHandler : SqlMapper.TypeHandler<BlocksJson>
{
    public override void SetValue(IDbDataParameter parameter, BlocksJson? value)
    {
        parameter.Value = value?.Json ?? (object)DBNull.Value;
        if (parameter is Npgsql.NpgsqlParameter postgres)
        {
            postgres.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb;
        }
        else
        {
            parameter.DbType = DbType.String;
        }
    }

    public override BlocksJson? Parse(object value) => new((string)value);
}
