namespace NewsApi.Tests.Webhooks;

/// <summary>
/// The C# verification snippet of the README's "Webhooks" section, word for word between the markers (a documentation
/// test checks that the README shows exactly this code), run by the delivery tests on every webhook they receive. It
/// shares no code with the application's signer.
/// </summary>
public static class ReadmeSignatureCheck
{
    // README-snippet-start
    public static bool IsFromNewsApi(string secret, string id, string timestamp, string signatures, string body)
    {
        // Refuse old (or future) messages: a captured request cannot be replayed later.
        if (!long.TryParse(timestamp, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 5 * 60)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = System.Text.Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        var expected = "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, signed));
        // Space-separated signatures (several while a secret is rotated): one match is enough.
        return signatures.Split(' ').Any(signature => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(signature), System.Text.Encoding.ASCII.GetBytes(expected)));
    }
    // README-snippet-end
}
