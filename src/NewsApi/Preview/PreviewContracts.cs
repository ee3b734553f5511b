using System.ComponentModel;

namespace NewsApi.Preview;

/// <summary>The answer of POST /api/v1/admin/articles/{id}/preview: a link anyone holding it may open until it expires.</summary>
public sealed record PreviewLink(
    [property: Description("The preview token: URL-safe (base64url), opaque and signed. It names one article and carries its expiry; it cannot be widened or extended.")]
    string Token,
    [property: Description("Absolute URL of the preview (`GET /api/v1/preview/{token}`), built on `NewsApi:PublicBaseUrl` like feed links.")]
    string Url,
    [property: Description("When the token stops opening the preview (UTC, whole seconds): `NewsApi:Preview:TokenLifetimeMinutes` after it was made.")]
    DateTime ExpiresAt);
