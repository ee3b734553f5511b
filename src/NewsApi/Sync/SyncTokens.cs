using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using NewsApi.Data;

namespace NewsApi.Sync;

/// <summary>
/// Where a client is in the change log: it has seen every change up to <see cref="Version"/>, and of the changes at
/// exactly that version those up to article <see cref="ArticleId"/> (one write can record many articles at one version,
/// and a page may end among them).
/// </summary>
public readonly record struct SyncPosition(long Version, long ArticleId)
{
    /// <summary>Before every change: where a client without a token starts.</summary>
    public static readonly SyncPosition Start = new(0, 0);

    /// <summary>After every change recorded at <paramref name="version"/> or before.</summary>
    public static SyncPosition After(long version) => new(version, long.MaxValue);

    /// <summary>The later of two positions.</summary>
    public static SyncPosition Max(SyncPosition a, SyncPosition b) =>
        a.Version > b.Version || (a.Version == b.Version && a.ArticleId >= b.ArticleId) ? a : b;
}

/// <summary>
/// Sync tokens: a <see cref="SyncPosition"/> signed with a key derived from the deployment's secret
/// (<see cref="DeploymentSecret"/>), so every instance on one database reads the others' tokens, and a token edited by
/// hand, cut short or made by another deployment is refused rather than read as some other position. Not secret
/// (the position is plain inside), only tamper-evident.
/// </summary>
public sealed class SyncTokens(DeploymentSecret secret)
{
    private const byte Format = 1;
    private const int PayloadLength = 1 + 8 + 8;
    private const int MacLength = 16;
    private const int TokenLength = PayloadLength + MacLength;

    private readonly Lazy<byte[]> _key = new(() => secret.Derive("sync-token"), LazyThreadSafetyMode.PublicationOnly);

    public string Write(SyncPosition position)
    {
        Span<byte> token = stackalloc byte[TokenLength];
        token[0] = Format;
        BinaryPrimitives.WriteInt64BigEndian(token[1..], position.Version);
        BinaryPrimitives.WriteInt64BigEndian(token[9..], position.ArticleId);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key.Value, token[..PayloadLength], mac);
        mac[..MacLength].CopyTo(token[PayloadLength..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Reads a token this deployment wrote; anything else is refused.</summary>
    public bool TryRead(string? text, out SyncPosition position)
    {
        position = default;
        Span<byte> token = stackalloc byte[TokenLength];
        // IsValid first: TryDecodeFromChars throws, rather than answering false, on a character outside base64url.
        if (text is null || text.Length != Base64Url.GetEncodedLength(TokenLength) || !Base64Url.IsValid(text)
            || !Base64Url.TryDecodeFromChars(text, token, out var written) || written != TokenLength || token[0] != Format)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key.Value, token[..PayloadLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], token[PayloadLength..]))
        {
            return false;
        }

        var version = BinaryPrimitives.ReadInt64BigEndian(token[1..]);
        var articleId = BinaryPrimitives.ReadInt64BigEndian(token[9..]);
        if (version < 0 || articleId < 0)
        {
            return false;
        }

        position = new SyncPosition(version, articleId);
        // Only the canonical spelling: base64url has a few for the same bytes, which would split caches and ETags.
        return string.Equals(Write(position), text, StringComparison.Ordinal);
    }
}
