using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace NewsApi.Tests.Contract;

public enum FuzzKey
{
    /// <summary>No Authorization header.</summary>
    None,

    /// <summary>A key with every scope.</summary>
    AllScopes,

    /// <summary>A valid key whose scope is not the one the route needs.</summary>
    WrongScope,
}

/// <summary>One generated request to one documented operation.</summary>
public sealed record FuzzRequest(
    ContractOperation Operation, string Url, FuzzKey Key, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ContentType)
{
    /// <summary>A request that may be answered 304 Not Modified.</summary>
    public bool IsConditional => Headers.Any(h => h.Key is "If-None-Match" or "If-Modified-Since");

    public HttpRequestMessage ToMessage(Func<FuzzKey, string?> secret)
    {
        var message = new HttpRequestMessage(new HttpMethod(Operation.Method), new Uri(Url, UriKind.Relative));
        if (secret(Key) is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }

    // What CsCheck prints for the shrunk failing case: enough to replay it with curl.
    public override string ToString()
    {
        var text = new StringBuilder($"{Operation.Method} {Url}  [{Operation.OperationId}, key: {Key}]");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {name}: {value}");
        }

        if (Body is not null)
        {
            var body = Encoding.UTF8.GetString(Body);
            text.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {ContentType ?? "(none)"}\n  body ({Body.Length} bytes): {(body.Length > 300 ? body[..300] + "…" : body)}");
        }

        return text.ToString();
    }
}

/// <summary>Real content of the fuzzed service, so that generated requests reach past "not found" part of the time.</summary>
public sealed record FuzzPools(
    string[] ArticleSlugs,
    int[] ArticleIds,
    string[] CategorySlugs,
    int[] CategoryIds,
    string[] TagSlugs,
    int[] TagIds,
    string[] AuthorSlugs,
    int[] AuthorIds,
    int[] CommentIds,
    FuzzPools.Writable Targets)
{
    /// <summary>
    /// Ids that writes (PUT, POST, PATCH, DELETE) may hit: content created for the fuzz run, so that a DELETE or a
    /// slug change cannot take the seed article away from the reads that follow.
    /// </summary>
    public sealed record Writable(int[] ArticleIds, int[] CategoryIds, int[] TagIds, int[] AuthorIds, int[] CommentIds);
}

/// <summary>Builds, from the served document alone, a generator of requests for each operation.</summary>
public sealed class FuzzRequests(ServedContract contract, FuzzPools pools, string readerEmail)
{
    /// <summary>Stands for the resource's ETag at the time the request is sent (see <see cref="ContractFuzzTests"/>).</summary>
    public const string CurrentETag = "{current ETag}";

    private static readonly string[] UnknownProperties = ["status", "id", "isAdmin", "createdAt", "authorEmail", "extra", "Title", "$type"];

    public Gen<FuzzRequest> For(ContractOperation operation)
    {
        var path = operation.Parameters.Where(p => p.In == "path")
            .Aggregate(Gen.Const(operation.Path), (url, parameter) =>
                url.SelectMany(_ => PathValue(operation, parameter), (u, value) => u.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal)));

        var query = operation.Parameters.Where(p => p.In == "query")
            .Aggregate(Gen.Const(Array.Empty<string>()), (pairs, parameter) =>
                pairs.SelectMany(_ => QueryPairs(parameter), (list, more) => (string[])[.. list, .. more]))
            .SelectMany(_ => Gen.Frequency((9, Gen.Const(Array.Empty<string>())), (1, FuzzValues.AnyTextWire.Select(v => (string[])["unknownParam=" + v]))),
                (list, extra) => (string[])[.. list, .. extra]);

        var url = Gen.Select(path, query, (p, q) => q.Length == 0 ? p : p + "?" + string.Join('&', q));

        var key = operation.IsAdmin
            ? Gen.Frequency((8, Gen.Const(FuzzKey.AllScopes)), (1, Gen.Const(FuzzKey.None)), (1, Gen.Const(FuzzKey.WrongScope)))
            : Gen.Frequency((9, Gen.Const(FuzzKey.None)), (1, Gen.Const(FuzzKey.AllScopes)));

        var headers = Gen.Select(Headers(operation), Gen.OneOf<string?>(null, "ar", "en", "ar-EG,ar;q=0.9,en;q=0.5", "fr", "*", "xx-!!"),
            Gen.Frequency((6, Gen.Const<string?>(default(string))), (1, Gen.OneOf<string?>("application/xml", "text/html", "*/*", "application/problem+json", "image/png"))),
            // The client address comes from X-Forwarded-For when the proxy (loopback here) is trusted.
            Gen.Frequency((8, Gen.Const<string?>(default(string))), (1, Gen.OneOf<string?>("203.0.113.9", "garbage", "::1, 10.0.0.1", "1.2.3.4:99999", "", new string('9', 300), "٢٠٣.٠.١١٣.٩"))),
            (own, language, accept, forwarded) => (IReadOnlyList<KeyValuePair<string, string>>)
                [.. own,
                 .. language is null ? [] : new[] { KeyValuePair.Create("Accept-Language", language) },
                 .. accept is null ? [] : new[] { KeyValuePair.Create("Accept", accept) },
                 .. forwarded is null ? [] : new[] { KeyValuePair.Create("X-Forwarded-For", forwarded) }]);

        var body = operation.RequestBodySchema is { } schema
            ? Body(schema)
            : Gen.Frequency((9, Gen.Const<(byte[]?, string?)>((null, null))), (1, Gen.OneOf(FuzzValues.MalformedJson).Select(b => ((byte[]?)Encoding.UTF8.GetBytes(b), (string?)"application/json"))));

        return Gen.Select(url, key, headers, body, (u, k, h, b) => new FuzzRequest(operation, u, k, h, b.Item1, b.Item2));
    }

    private Gen<string> PathValue(ContractOperation operation, ContractParameter parameter)
    {
        // Other numbers for writes lie far above every real id, so a DELETE cannot take away the demo content.
        var (low, high) = operation.Method == "GET" ? (1, 50) : (1_000_000, 1_000_050);
        var raw = Type(parameter.Schema) == "integer"
            ? Gen.Frequency((3, Gen.OneOf(IdsFor(operation, parameter.Name)).Select(Invariant)), (2, FuzzValues.IntegerText(low, high)))
            : Gen.Frequency((4, Gen.OneOf(SlugsFor(operation.Path)).Select(Uri.EscapeDataString)),
                (1, Gen.OneOf(SlugsFor(operation.Path)).Select(s => s)), // Arabic as is: HttpClient encodes it itself
                (1, Gen.OneOf(SlugsFor(operation.Path)).Select(s => Uri.EscapeDataString(s).ToLowerInvariant())), // %d8%b1 is %D8%B1
                (2, Gen.Const(Uri.EscapeDataString(operation.Path.Contains("categor", StringComparison.Ordinal) ? Infrastructure.SeedArticle.CategorySlug : Infrastructure.SeedArticle.Slug))),
                (2, Gen.OneOf(IdsFor(operation, parameter.Name)).Select(Invariant)),
                (3, FuzzValues.AnyTextWire));

        // An empty, "." or ".." segment is another URL (another route, or a normalised path), not a value of this one.
        // An encoded NUL in the path never reaches the application: Kestrel refuses the request line itself, and
        // TestServer throws in the client, so there is no answer of the service to check (NUL in a query is sent).
        return raw.Select(value => value is "" or "." or ".." || Uri.UnescapeDataString(value).Trim() is "" or "." or ".."
            ? "x" : value.Replace("%00", "%01", StringComparison.Ordinal));
    }

    private Gen<string[]> QueryPairs(ContractParameter parameter)
    {
        var value = ValueFor(parameter).Select(v => parameter.Name + "=" + v);
        var present = parameter.Required ? 19 : 6;
        return Gen.Frequency(
            (present, value.Select(v => (string[])[v])),
            (20 - present, Gen.Const(Array.Empty<string>())),
            (1, Gen.Select(value, value, (a, b) => (string[])[a, b]))); // the same parameter twice
    }

    private Gen<string> ValueFor(ContractParameter parameter)
    {
        var schema = parameter.Schema;
        if (schema.TryGetProperty("enum", out var allowed))
        {
            return FuzzValues.EnumText(allowed.EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        if (Type(schema) == "integer")
        {
            return parameter.Name switch
            {
                "pageSize" => FuzzValues.IntegerText(1, 100),
                "limit" => FuzzValues.IntegerText(1, 20),
                _ => FuzzValues.IntegerText(1, 5),
            };
        }

        return parameter.Name switch
        {
            "q" => Gen.Frequency(
                (4, FuzzValues.ArabicText.Select(Uri.EscapeDataString)),
                (4, Gen.Select(Gen.OneOf(FuzzValues.FtsSyntax), FuzzValues.ArabicText, Gen.Bool, (fts, word, first) => first ? fts + " " + word : word + " " + fts).Select(Uri.EscapeDataString)),
                (2, FuzzValues.AnyTextWire)),
            "category" => Slug(pools.CategorySlugs),
            "tag" => Slug(pools.TagSlugs),
            "author" => Slug(pools.AuthorSlugs),
            "article" => Gen.Frequency((1, Slug(pools.ArticleSlugs)), (1, Gen.OneOf(pools.ArticleIds).Select(Invariant))),
            "from" or "to" => FuzzValues.DateText.Select(Uri.EscapeDataString),
            _ => FuzzValues.AnyTextWire,
        };
    }

    private static Gen<string> Slug(string[] real) =>
        Gen.Frequency((3, Gen.OneOf(real).Select(Uri.EscapeDataString)), (1, FuzzValues.AnyTextWire));

    private static Gen<IReadOnlyList<KeyValuePair<string, string>>> Headers(ContractOperation operation)
    {
        var headers = new List<Gen<KeyValuePair<string, string>?>>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "header"))
        {
            var values = parameter.Name switch
            {
                "If-Match" => Gen.Frequency((2, Gen.Const(CurrentETag)), (1, Gen.OneOf("*", "\"0\"", "W/\"1\"", "\"garbage\"", "", "not quoted"))),
                _ => Gen.OneOf(Gen.Guid.Select(g => g.ToString()), Gen.OneOf("", "x", new string('k', 300), "مفتاح")),
            };
            headers.Add(Gen.Frequency((2, values.Select(v => (KeyValuePair<string, string>?)new(parameter.Name, v))), (1, Gen.Const<KeyValuePair<string, string>?>(default(KeyValuePair<string, string>?)))));
        }

        if (operation.Method == "GET")
        {
            // Conditional requests: the only ones a 304 may answer.
            headers.Add(Gen.Frequency(
                (6, Gen.Const<KeyValuePair<string, string>?>(default(KeyValuePair<string, string>?))),
                (1, Gen.OneOf(CurrentETag, CurrentETag, "*", "\"garbage\"", "W/\"0\"", "\"a\", \"b\"", "", "no quotes").Select(v => (KeyValuePair<string, string>?)new("If-None-Match", v))),
                (1, Gen.OneOf("Sun, 01 Jan 2090 00:00:00 GMT", "Mon, 01 Jan 1990 00:00:00 GMT", "yesterday", "").Select(v => (KeyValuePair<string, string>?)new("If-Modified-Since", v)))));
        }

        return headers.Aggregate(
            Gen.Const<IReadOnlyList<KeyValuePair<string, string>>>([]),
            (all, header) => all.SelectMany(_ => header, (list, h) => h is { } value ? (IReadOnlyList<KeyValuePair<string, string>>)[.. list, value] : list));
    }

    // A body for an operation that takes JSON: mostly what the schema describes, otherwise one thing wrong with it.
    private Gen<(byte[]?, string?)> Body(JsonElement schema)
    {
        const string Json = "application/json";
        var valid = JsonFor(schema, "", 0);
        var members = contract.Schemas.Resolve(Single(schema)) is { } resolved && resolved.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => p.Name).ToArray()
            : [];
        var text = Gen.Frequency(
            (10, valid),
            (2, Gen.Select(valid, Gen.OneOf(UnknownProperties), FuzzValues.HostileJson, (body, name, value) => WithMember(body, name, value))),
            (members.Length == 0 ? 0 : 4, Gen.Select(valid, Gen.OneOf(members.DefaultIfEmpty("x").ToArray()), FuzzValues.HostileJson, (body, name, value) => WithMember(body, name, value))),
            (members.Length == 0 ? 0 : 2, Gen.Select(valid, Gen.OneOf(members.DefaultIfEmpty("x").ToArray()), (body, name) => WithoutMember(body, name))),
            (2, Gen.OneOf(FuzzValues.MalformedJson)),
            (1, valid.Select(body => body.Length > 1 ? body[..(body.Length / 2)] : body)));
        return Gen.Frequency(
            (20, text.Select(t => ((byte[]?)Encoding.UTF8.GetBytes(t), (string?)Json))),
            (1, valid.Select(t => ((byte[]?)[.. Encoding.UTF8.GetBytes(t[..(t.Length / 2)]), 0xFF, 0xC0, .. Encoding.UTF8.GetBytes(t[(t.Length / 2)..])], (string?)Json))),
            (1, Gen.Select(valid, Gen.OneOf<string?>("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=iso-8859-1", "application/merge-patch+json", "", null),
                (t, type) => ((byte[]?)Encoding.UTF8.GetBytes(t), type))),
            (1, Gen.Const<(byte[]?, string?)>((null, null))));
    }

    // Raw JSON text for a value of the schema, drawn from real ids and slugs where the name says what it is.
    private Gen<string> JsonFor(JsonElement schema, string name, int depth)
    {
        schema = contract.Schemas.Resolve(Single(schema));
        var nullable = schema.TryGetProperty("nullable", out var n) && n.GetBoolean();
        var value = NonNullJsonFor(schema, name, depth);
        return nullable ? Gen.Frequency((6, value), (1, Gen.Const("null"))) : value;
    }

    private Gen<string> NonNullJsonFor(JsonElement schema, string name, int depth)
    {
        if (schema.TryGetProperty("enum", out var allowed))
        {
            return Gen.OneOf(allowed.EnumerateArray().Select(e => e.GetRawText()).ToArray());
        }

        switch (Type(schema))
        {
            case "object":
                var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
                var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToArray() : [];
                return properties.Aggregate(Gen.Const(Array.Empty<string>()), (members, property) =>
                {
                    var member = JsonFor(property.Value, property.Name, depth + 1).Select(v => FuzzValues.JsonString(property.Name) + ":" + v);
                    var maybe = required.Contains(property.Name) ? member.Select(m => (string[])[m])
                        : Gen.Frequency((1, member.Select(m => (string[])[m])), (1, Gen.Const(Array.Empty<string>())));
                    return members.SelectMany(_ => maybe, (list, more) => (string[])[.. list, .. more]);
                }).Select(members => "{" + string.Join(',', members) + "}");
            case "array":
                return depth > 3 ? Gen.Const("[]") : JsonFor(schema.GetProperty("items"), name, depth + 1).Array[0, 3].Select(items => "[" + string.Join(',', items) + "]");
            case "integer":
                int[] ids = name switch
                {
                    "categoryId" => pools.CategoryIds,
                    "authorId" => pools.AuthorIds,
                    "parentId" => [.. pools.CommentIds, .. pools.CategoryIds], // a comment's parent or a category's
                    "articleId" => pools.ArticleIds,
                    _ => [1, 2, 3],
                };
                return Gen.Frequency((4, Gen.OneOf(ids)), (1, Gen.Int[-3, 1000]), (1, Gen.OneOf(0, int.MaxValue, int.MinValue))).Select(Invariant);
            case "boolean":
                return Gen.OneOf("true", "false");
            case "string":
                return (name, Format(schema)) switch
                {
                    (_, "date-time") or ("publishAt", _) => Gen.OneOf("2020-01-01T00:00:00Z", "2031-05-01T08:00:00Z", "2026-12-01T08:00:00+03:00", "2024-11-29")
                        .Select(FuzzValues.JsonString),
                    ("authorEmail", _) => Gen.OneOf(readerEmail, readerEmail.ToUpperInvariant(), "x@example.net").Select(FuzzValues.JsonString),
                    ("url" or "authorUrl", _) => Gen.OneOf("https://example.com/خبر", "http://example.org/a?b=c", "https://example.com/" + new string('a', 190))
                        .Select(FuzzValues.JsonString),
                    ("slug", _) => Gen.Frequency((1, Gen.OneOf(pools.ArticleSlugs)), (2, FuzzValues.ArabicText)).Select(FuzzValues.JsonString),
                    ("website", _) => Gen.Frequency((4, Gen.Const("\"\"")), (1, Gen.Const("\"https://spam.example\""))),
                    ("bodyHtml" or "body", _) => Gen.OneOf(
                        FuzzValues.ArabicText.Select(t => $"<p>{t}</p><h2>{t}</h2><ul><li>{t}</li></ul>"),
                        FuzzValues.ArabicText,
                        Gen.OneOf("<script>x</script><p>نص</p>", "<img src=x onerror=alert(1)>", "<p>a<b>b</p></b>", "<blockquote><p>اقتباس</p><cite>م</cite></blockquote>"))
                        .Select(FuzzValues.JsonString),
                    _ => Gen.Frequency((4, FuzzValues.ArabicText), (1, FuzzValues.RandomText.Where(t => t.Trim().Length > 0)), (1, Gen.OneOf(FuzzValues.Nasty)))
                        .Select(FuzzValues.JsonString),
                };
            default:
                return Gen.Const("{}");
        }
    }

    // A request body is documented as allOf [$ref] (the nullable-reference pattern): the referenced schema is the shape.
    private static JsonElement Single(JsonElement schema) =>
        schema.TryGetProperty("allOf", out var allOf) && allOf.GetArrayLength() == 1 ? allOf[0] : schema;

    private static string? Type(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;

    private static string? Format(JsonElement schema) =>
        schema.TryGetProperty("format", out var format) ? format.GetString() : null;

    // Replace (or add) one member of a JSON object body; other bodies (arrays) get the member in their first object.
    private static string WithMember(string body, string name, string rawValue)
    {
        var start = body.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return body;
        }

        var stripped = WithoutMember(body, name);
        start = stripped.IndexOf('{', StringComparison.Ordinal);
        var member = FuzzValues.JsonString(name) + ":" + rawValue;
        return stripped[start + 1] == '}' ? stripped.Insert(start + 1, member) : stripped.Insert(start + 1, member + ",");
    }

    private static string WithoutMember(string body, string name)
    {
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(body);
            var target = node as System.Text.Json.Nodes.JsonObject ?? (node as System.Text.Json.Nodes.JsonArray)?.OfType<System.Text.Json.Nodes.JsonObject>().FirstOrDefault();
            if (target is null || !target.Remove(name))
            {
                return body;
            }

            return node!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private string[] SlugsFor(string path) => path switch
    {
        _ when path.StartsWith("/api/v1/categories", StringComparison.Ordinal) || path.StartsWith("/feeds/categories", StringComparison.Ordinal) => pools.CategorySlugs,
        _ => pools.ArticleSlugs,
    };

    private int[] IdsFor(ContractOperation operation, string parameter)
    {
        if (parameter == "page")
        {
            return [1, 2];
        }

        var writes = operation.Method != "GET";
        var kind = operation.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()
            .FirstOrDefault(segment => segment is "articles" or "categories" or "tags" or "authors" or "comments" && operation.Path.Contains(segment + "/{", StringComparison.Ordinal));
        return (kind, writes) switch
        {
            ("categories", false) => pools.CategoryIds,
            ("categories", true) => pools.Targets.CategoryIds,
            ("tags", false) => pools.TagIds,
            ("tags", true) => pools.Targets.TagIds,
            ("authors", false) => pools.AuthorIds,
            ("authors", true) => pools.Targets.AuthorIds,
            ("comments", false) => pools.CommentIds,
            ("comments", true) => pools.Targets.CommentIds,
            (_, false) => pools.ArticleIds,
            (_, true) => pools.Targets.ArticleIds,
        };
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
