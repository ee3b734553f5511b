using System.Security.Cryptography;
using System.Text;
using Dapper;
using NewsApi.Data;

namespace NewsApi.Admin;

public sealed record ApiKeyInfo(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

public sealed record CreatedApiKey(ApiKeyInfo Info, string Secret);

/// <summary>
/// API keys: random 256-bit secrets shown once at creation. Only their SHA-256 is stored, so a leaked
/// database gives no usable key; a fast hash is enough because the secrets are high-entropy, not passwords.
/// </summary>
public sealed class ApiKeyStore(Database database, TimeProvider clock)
{
    public const string ContentWrite = "content:write";
    public const string CommentsModerate = "comments:moderate";
    public const string WebhooksManage = "webhooks:manage";
    public static readonly IReadOnlyList<string> KnownScopes = [ContentWrite, CommentsModerate, WebhooksManage];

    private const string SecretPrefix = "nk_";

    public CreatedApiKey Create(string name, IReadOnlyList<string> scopes)
    {
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        const string sql = """
            INSERT INTO api_keys (name, key_prefix, key_hash, scopes, created_at)
            VALUES (@Name, @Prefix, @Hash, @Scopes, @CreatedAt)
            RETURNING id
            """;
        var prefix = secret[..10];
        var id = database.Write(write => write.Connection.ExecuteScalar<long>(
            sql, new { Name = name, Prefix = prefix, Hash = Hash(secret), Scopes = string.Join(' ', scopes), CreatedAt = Timestamps.ToDb(now) }, write.Transaction));
        return new CreatedApiKey(new ApiKeyInfo(id, name, prefix, scopes, now.UtcDateTime, null, null), secret);
    }

    public IReadOnlyList<ApiKeyInfo> List()
    {
        const string sql = """
            SELECT id AS Id, name AS Name, key_prefix AS Prefix, scopes AS Scopes, created_at AS CreatedAt,
                   last_used_at AS LastUsedAt, revoked_at AS RevokedAt
            FROM api_keys
            ORDER BY id
            """;
        using var connection = database.Open();
        return connection.Query<Row>(sql).Select(r => r.ToInfo()).ToList();
    }

    /// <returns>False when no active key has that id.</returns>
    public bool Revoke(long id)
    {
        const string sql = "UPDATE api_keys SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL";
        return database.ExecuteWrite(sql, new { Id = id, Now = Timestamps.ToDb(clock.GetUtcNow()) }) == 1;
    }

    /// <summary>The scopes of an active key, or null for an unknown or revoked one.</summary>
    public IReadOnlyList<string>? Authenticate(string secret)
    {
        var hash = Hash(secret);
        const string sql = "SELECT id AS Id, key_hash AS KeyHash, scopes AS Scopes FROM api_keys WHERE key_hash = @Hash AND revoked_at IS NULL";
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<(long Id, string KeyHash, string Scopes)?>(sql, new { Hash = hash });
        // The lookup is by hash; the final comparison is constant-time all the same.
        if (row is not { } key || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.KeyHash), Encoding.ASCII.GetBytes(hash)))
        {
            return null;
        }

        return key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class Row
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";

        public string Prefix { get; init; } = "";

        public string Scopes { get; init; } = "";

        public DateTime CreatedAt { get; init; }

        public DateTime? LastUsedAt { get; init; }

        public DateTime? RevokedAt { get; init; }

        public ApiKeyInfo ToInfo() => new(Id, Name, Prefix, Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            CreatedAt, LastUsedAt, RevokedAt);
    }
}
