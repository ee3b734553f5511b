using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace NewsApi.Data;

/// <summary>
/// The deployment's secret: 32 random bytes the migrations put in the database (the <c>commenter_token_key</c> row:
/// SQLite's 0005, PostgreSQL's initial schema), so every instance on one database holds the same secret and nothing
/// outside the database does. Commenter tokens are signed with it; other features derive keys of their own from it
/// (<see cref="Derive"/>), so that no key of one purpose can be used for another.
/// </summary>
public sealed class DeploymentSecret(Database database)
{
    // PublicationOnly: a failed read (the database unreachable for a moment) is not remembered, so the next use reads
    // the secret again instead of failing until the process restarts.
    private readonly Lazy<byte[]> _secret = new(() =>
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<byte[]>("SELECT key FROM commenter_token_key WHERE id = 1")
            ?? throw new InvalidOperationException("The deployment secret (commenter_token_key) is missing: run the migrations.");
    }, LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The secret itself: the commenter tokens' signing key.</summary>
    public ReadOnlySpan<byte> Value => _secret.Value;

    /// <summary>A key for <paramref name="purpose"/>: the HMAC-SHA256 of the purpose's name under the secret.</summary>
    public byte[] Derive(string purpose) => HMACSHA256.HashData(_secret.Value, Encoding.UTF8.GetBytes(purpose));
}
