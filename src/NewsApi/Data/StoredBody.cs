using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NewsApi.Text;

namespace NewsApi.Data;

/// <summary>An article body as read back from storage: the sanitised HTML and its blocks, exactly as they were written.</summary>
public sealed record BodyContent(string Html, IReadOnlyList<ContentBlock> Blocks)
{
    /// <summary>The plain text search, snippets and related words read: derived from the blocks, as it was on write.</summary>
    public string PlainText => ArticleHtml.PlainTextOf(Blocks);

    public Articles.ArticleBody ToArticleBody(int wordCount) => new(Html, Blocks, wordCount);
}

/// <summary>
/// The one owner of how an article body is stored (articles.body): every writer encodes through it and every reader
/// (public and admin detail, feeds, search snippets and index, related words) decodes through it.
/// </summary>
/// <remarks>
/// Until migration 0017 (PostgreSQL 0015) a body was stored three times, as HTML, as blocks JSON and as plain text,
/// some 30 KB for a 10 KB article. Now it is one Brotli-compressed value holding the HTML and the blocks JSON; the
/// plain text is derived from the blocks on read (<see cref="ArticleHtml.PlainTextOf"/>, no HTML parsing), exactly
/// as the writer derived it. The blocks repeat the HTML's text a few hundred bytes later, so the compressor encodes
/// them mostly as back-references: they cost little beside the compressed HTML, and spare every reader of the
/// detail an HTML parse. Arabic prose compresses about three times (10.1 KB of HTML per body, 3.6 KB stored, on the
/// generated corpus).
/// <para>
/// Rows written before the migration keep their three legacy columns until <see cref="BodyCompaction"/> has rewritten
/// them (body null, legacy columns set): readers accept both, so a database is served correctly while it is compacted.
/// Compacted and new rows have body set and the legacy columns empty ('', '[]', '').
/// </para>
/// </remarks>
public static class StoredBody
{
    /// <summary>The columns a detail reads, from an articles table aliased <c>a</c>, named for <see cref="IBodyColumns"/>.</summary>
    public const string Columns = "a.body AS Body, a.body_html AS LegacyHtml, a.body_blocks AS LegacyBlocks";

    /// <summary>The columns a reader of the plain text needs, from an articles table aliased <c>a</c>.</summary>
    public const string TextColumns = "a.body AS Body, a.body_text AS LegacyText";

    /// <summary>What a writer stores in the legacy columns beside <c>body</c>: nothing (jsonb takes '[]' as an empty array).</summary>
    public const string EmptyLegacyValues = "'', '[]', ''";

    // The first byte names the format, so a later one (a shared dictionary, say) can be read beside this one.
    private const byte FormatBrotli = 1;

    // Quality 5 compresses Arabic HTML within a few percent of quality 11 at some 20 times its speed (seed --generate
    // writes thousands of bodies a second); a 4 MB window (22) keeps the blocks' back-references to the HTML in reach.
    private const int Quality = 5;
    private const int Window = 22;

    public static byte[] Encode(string html, IReadOnlyList<ContentBlock> blocks) => Encode(html, StoredBlocks.Serialize(blocks));

    /// <param name="blocksJson">The blocks as <see cref="StoredBlocks.Serialize"/> wrote them.</param>
    public static byte[] Encode(string html, string blocksJson)
    {
        var htmlLength = Encoding.UTF8.GetByteCount(html);
        var plain = new byte[4 + htmlLength + Encoding.UTF8.GetByteCount(blocksJson)];
        BinaryPrimitives.WriteInt32LittleEndian(plain, htmlLength);
        Encoding.UTF8.GetBytes(html, plain.AsSpan(4));
        Encoding.UTF8.GetBytes(blocksJson, plain.AsSpan(4 + htmlLength));

        var compressed = new byte[1 + BrotliEncoder.GetMaxCompressedLength(plain.Length)];
        compressed[0] = FormatBrotli;
        if (!BrotliEncoder.TryCompress(plain, compressed.AsSpan(1), out var written, Quality, Window))
        {
            throw new InvalidOperationException("Brotli could not compress an article body.");
        }

        return compressed[..(1 + written)];
    }

    /// <summary>The HTML and blocks of a row, from <c>body</c> when set, else from the legacy columns.</summary>
    public static BodyContent Read(IBodyColumns row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Body is { } body)
        {
            var (html, blocksJson) = Decode(body);
            return new BodyContent(html, StoredBlocks.Deserialize(blocksJson));
        }

        return new BodyContent(row.LegacyHtml ?? "", StoredBlocks.Deserialize(row.LegacyBlocks ?? "[]"));
    }

    /// <summary>The HTML of a row alone (a feed's content), without reading its blocks.</summary>
    public static string Html(IBodyColumns row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Body is { } body ? Decode(body).Html : row.LegacyHtml ?? "";
    }

    /// <summary>The plain text of a row: derived from <c>body</c> when set, else the legacy column as written.</summary>
    /// <remarks>
    /// Search reads 20 of these per page: the blocks are read straight from the decompressed UTF-8, and the HTML
    /// beside them is never turned into a string. Deriving it (decompressing, reading the blocks) was some 20 % of a
    /// common word's search (perf, 100,000 articles), and the same few articles come back again and again (a common
    /// word is ranked among its newest matches, a reader's query is asked for its next page): the texts derived last are
    /// kept by <see cref="RecentTexts"/>, keyed by the stored bytes themselves, so an edited body is derived anew.
    /// </remarks>
    public static string Text(byte[]? body, string? legacyText)
    {
        if (body is null)
        {
            return legacyText ?? "";
        }

        return RecentTexts.TextOf(body, DeriveText);
    }

    private static string DeriveText(byte[] body)
    {
        var plain = Decompress(body);
        try
        {
            return ArticleHtml.PlainTextOf(StoredBlocks.Deserialize(plain.BlocksJson));
        }
        finally
        {
            plain.Return();
        }
    }

    /// <summary>
    /// The plain texts derived last, by their stored bytes: a fixed table of <see cref="Slots"/> (one per hash of the
    /// bytes, the newer replacing the older), so its memory is bounded (some 20 KB a slot for a 10 KB article) and a look-up
    /// takes no lock: a slot holds one immutable pair, read and replaced whole. A hit compares the bytes, not only the
    /// hash, so it can only ever return the text of exactly these bytes.
    /// </summary>
    internal static class RecentTexts
    {
        public const int Slots = 1024;

        private sealed record Derived(byte[] Body, string Text);

        private static readonly Derived?[] Table = new Derived?[Slots];

        public static int SlotOf(byte[] body) => (int)(System.IO.Hashing.XxHash3.HashToUInt64(body) % Slots);

        /// <summary>The text kept for exactly these bytes, or <paramref name="derive"/>'s, kept in their slot.</summary>
        public static string TextOf(byte[] body, Func<byte[], string> derive)
        {
            ref var slot = ref Table[SlotOf(body)];
            if (Volatile.Read(ref slot) is { } kept && kept.Body.AsSpan().SequenceEqual(body))
            {
                return kept.Text;
            }

            var text = derive(body);
            Volatile.Write(ref slot, new Derived(body, text));
            return text;
        }
    }

    private static (string Html, string BlocksJson) Decode(byte[] body)
    {
        var plain = Decompress(body);
        try
        {
            return (Encoding.UTF8.GetString(plain.Html), Encoding.UTF8.GetString(plain.BlocksJson));
        }
        finally
        {
            plain.Return();
        }
    }

    // The decompressed value in a pooled buffer (the caller returns it): the length prefix, the HTML, the blocks.
    private static Decompressed Decompress(byte[] body)
    {
        if (body.Length == 0 || body[0] != FormatBrotli)
        {
            throw new InvalidDataException($"An article body in an unknown format ({(body.Length == 0 ? "empty" : body[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}).");
        }

        // Arabic HTML compresses about three times; start at eight and grow if a body compressed better than that.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(4096, body.Length * 8));
        using var decoder = new BrotliDecoder();
        var input = body.AsSpan(1);
        var written = 0;
        while (true)
        {
            var status = decoder.Decompress(input, buffer.AsSpan(written), out var consumed, out var produced);
            input = input[consumed..];
            written += produced;
            if (status == OperationStatus.Done)
            {
                return new Decompressed(buffer, written);
            }

            if (status != OperationStatus.DestinationTooSmall)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw new InvalidDataException("An article body could not be decompressed.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
    }

    // The layout Encode writes, read in one place: the HTML's UTF-8 length (4 bytes, little-endian), the HTML, the blocks.
    private readonly record struct Decompressed(byte[] Buffer, int Length)
    {
        private int HtmlLength => BinaryPrimitives.ReadInt32LittleEndian(Buffer);

        public ReadOnlySpan<byte> Html => Buffer.AsSpan(4, HtmlLength);

        public ReadOnlySpan<byte> BlocksJson => Buffer.AsSpan(4 + HtmlLength, Length - 4 - HtmlLength);

        public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
    }
}

/// <summary>A row read with <see cref="StoredBody.Columns"/>.</summary>
public interface IBodyColumns
{
    byte[]? Body { get; }

    string? LegacyHtml { get; }

    string? LegacyBlocks { get; }
}
