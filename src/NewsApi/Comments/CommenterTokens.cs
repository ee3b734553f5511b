using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using NewsApi.Data;

namespace NewsApi.Comments;

/// <summary>
/// The commenter token of trusted moderation: 16 random bytes and an HMAC of them with the e-mail they were issued
/// for, under the <see cref="DeploymentSecret"/> kept in the database. Random per issuance, so typing someone's e-mail yields
/// a token of one's own, never theirs; signed, so whether a token is valid for an e-mail is known without reading
/// stored comments, and a token from a submission that was not kept (a duplicate) is echoed like any other.
/// Comments store its SHA-256 (<see cref="Hash"/>), never the token.
/// </summary>
public sealed class CommenterTokens(DeploymentSecret secret)
{
    /// <summary>The request header that carries a token back.</summary>
    public const string Header = "X-Commenter-Token";

    private const int NonceBytes = 16;
    private const int MacBytes = 16;

    /// <summary><paramref name="sent"/> when it is a token issued for <paramref name="email"/>; otherwise a new one.</summary>
    public (string Token, bool Sent) EchoOrIssue(string? sent, string email)
    {
        if (IsValid(sent, email))
        {
            return (sent!, true);
        }

        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        return (Base64Url.EncodeToString([.. nonce, .. Mac(nonce, email)]), false);
    }

    /// <summary>What a comment stores of its token.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private bool IsValid(string? token, string email)
    {
        if (token is not { Length: > 0 and <= 64 })
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length != NonceBytes + MacBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(bytes.AsSpan(NonceBytes), Mac(bytes.AsSpan(0, NonceBytes), email));
    }

    private byte[] Mac(ReadOnlySpan<byte> nonce, string email) =>
        HMACSHA256.HashData(secret.Value, [.. nonce, .. Encoding.UTF8.GetBytes(email)])[..MacBytes];
}
