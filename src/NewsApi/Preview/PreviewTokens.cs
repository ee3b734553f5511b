using System.Buffers.Binary;
using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using NewsApi.Data;

namespace NewsApi.Preview;

/// <summary>
/// Preview tokens: an article id and an expiry, sealed by Data Protection (authenticated encryption under the key ring
/// in the database) and written base64url. The expiry travels inside the sealed payload and is checked against the
/// application's <see cref="TimeProvider"/>, not with <c>ITimeLimitedDataProtector</c>, which reads the system clock:
/// one clock decides what is expired, scheduled or due everywhere in the service, and the tests can move it.
/// </summary>
public sealed class PreviewTokens(
    IDataProtectionProvider protection, TimeProvider clock, IOptions<NewsApiOptions> options, Database database, ILogger<PreviewTokens> logger)
{
    /// <summary>
    /// The protector's purpose: a token sealed for anything else in the key ring (another purpose, another
    /// application name) does not open here. A change of payload layout takes a new version here.
    /// </summary>
    private const string Purpose = "NewsApi.Preview.v1";

    // Article id (4 bytes) and expiry in Unix seconds (8 bytes), big-endian.
    private const int PayloadBytes = 12;

    // Sealed payloads of this layout are 100 bytes (134 characters); anything much longer was not made here and
    // is turned away before any decoding.
    private const int MaxTokenLength = 256;

    // "NewsPrev" in ASCII: the advisory lock that makes instances starting together on one PostgreSQL database create
    // one first key between them (see PrepareKeyRing).
    private const long KeyRingLockKey = 0x4E65_7773_5072_6576;

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>
    /// Data Protection wraps every failure in a <see cref="CryptographicException"/>, that of its key ring's storage too.
    /// That one is the database failing (503, like any storage failure), not a bad token: it goes up as it was thrown.
    /// </summary>
    private static DbException Unwrapped(DbException storage)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(storage).Throw();
        return storage;
    }

    /// <summary>A token for the article <paramref name="articleId"/>, valid from now for the configured lifetime.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(int articleId)
    {
        var now = clock.GetUtcNow();
        // Whole seconds, so the expiry the answer shows is exactly the one sealed in the token.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + options.Value.Preview.TokenLifetimeMinutes * 60L);
        Span<byte> payload = stackalloc byte[PayloadBytes];
        BinaryPrimitives.WriteInt32BigEndian(payload, articleId);
        BinaryPrimitives.WriteInt64BigEndian(payload[4..], expiresAt.ToUnixTimeSeconds());
        try
        {
            return (Base64Url.EncodeToString(_protector.Protect(payload.ToArray())), expiresAt);
        }
        catch (CryptographicException sealing) when (sealing.InnerException is DbException storage)
        {
            throw Unwrapped(storage);
        }
    }

    /// <summary>
    /// The article id a token names, or null when it is not one this service sealed, is malformed, or has expired:
    /// the caller answers all of them alike.
    /// </summary>
    public int? ArticleOf(string? token)
    {
        if (token is not { Length: > 0 and <= MaxTokenLength } || !Base64Url.IsValid(token))
        {
            return null;
        }

        byte[] payload;
        try
        {
            payload = _protector.Unprotect(Base64Url.DecodeFromChars(token));
        }
        catch (CryptographicException opening) when (opening.InnerException is DbException storage)
        {
            throw Unwrapped(storage);
        }
        catch (CryptographicException)
        {
            // Tampered, truncated, sealed for another purpose, or by a key this database does not hold.
            return null;
        }

        if (payload.Length != PayloadBytes)
        {
            return null;
        }

        var expiresAt = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(4));
        return clock.GetUtcNow().ToUnixTimeSeconds() < expiresAt ? BinaryPrimitives.ReadInt32BigEndian(payload) : null;
    }

    /// <summary>
    /// Loads the key ring at start-up, creating the first key when the database has none. Data Protection reads the ring
    /// once and keeps it for hours, so two instances starting together on an empty ring would each create a key and,
    /// past the two minutes after start-up in which an unknown key makes it read the ring again, refuse each other's tokens. On
    /// PostgreSQL the instances take turns here under an advisory lock, so the second finds the first one's key. A SQLite
    /// file is served by one process.
    /// </summary>
    public void PrepareKeyRing()
    {
        using var connection = database.Open();
        var locked = SqlDialect.EngineOf(connection) == DatabaseEngine.Postgres;
        if (locked)
        {
            connection.Execute("SELECT pg_advisory_lock(@KeyRingLockKey)", new { KeyRingLockKey });
        }

        try
        {
            _ = _protector.Protect([]);
        }
        catch (CryptographicException failed) when (failed.InnerException is DbException storage)
        {
            // The storage refuses writes now (a full disk): start all the same, and serve what can be served. The ring is
            // read or made at the first preview instead, which answers 503 until the storage recovers.
            logger.LogWarning(storage, "The Data Protection key ring for preview tokens could not be prepared at start-up; it will be at first use.");
        }
        finally
        {
            if (locked)
            {
                connection.Execute("SELECT pg_advisory_unlock(@KeyRingLockKey)", new { KeyRingLockKey });
            }
        }
    }
}
