namespace NewsApi.Http;

/// <summary>
/// The one If-Match comparison of the admin API. Versioned resources (articles, categories, tags, authors) carry a row
/// version, sent as the ETag of every read and write answer; a write that sends it back in If-Match is refused (412)
/// once someone else has changed the resource. Stores compare inside their write transaction, so no write slips in
/// between the check and the change.
/// </summary>
public static class IfMatch
{
    public const string Header = "If-Match";

    /// <summary>The OpenAPI description of the If-Match parameter of every admin write but the article PUT (which requires it).</summary>
    public const string Description = "The resource's current ETag (from its GET or the last write): 412 when it has changed since. Optional: without it the write applies whatever the version.";

    public static string ETagOf(long version) => $"\"v{version}\"";

    /// <summary>
    /// Whether a write sent with this If-Match may apply to the resource at <paramref name="version"/>: when absent, when
    /// <c>*</c>, or when one of the listed tags (weak or strong; these are ours, so weak comparison is exact) is current.
    /// </summary>
    public static bool Allows(string? ifMatch, long version) =>
        string.IsNullOrWhiteSpace(ifMatch)
        || ifMatch.Trim() == "*"
        || ifMatch.Split(',').Select(tag => tag.Trim()).Any(tag => tag == ETagOf(version) || tag == "W/" + ETagOf(version));
}
