using System.Net.Http.Json;
using System.Text.Json;

namespace NewsApi.Tests.Contract;

public sealed record ContractParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>One documented response: its status and the schema of each content type (none for 204 and 304).</summary>
public sealed record ContractResponse(int Status, IReadOnlyDictionary<string, JsonElement> Content);

/// <summary>One operation of the served document, as a client generated from it would see it.</summary>
public sealed record ContractOperation(
    string OperationId,
    string Method,
    string Path,
    IReadOnlyList<ContractParameter> Parameters,
    JsonElement? RequestBodySchema,
    IReadOnlyDictionary<int, ContractResponse> Responses)
{
    public bool IsAdmin => Path.StartsWith("/api/v1/admin", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Path} ({OperationId})";
}

/// <summary>The OpenAPI document the running service serves at /openapi/v1.json, read as plain JSON.</summary>
public sealed class ServedContract
{
    private ServedContract(JsonElement document)
    {
        Document = document;
        Schemas = new SchemaValidator(document);
        Operations = ReadOperations(document);
    }

    public JsonElement Document { get; }

    public SchemaValidator Schemas { get; }

    public IReadOnlyList<ContractOperation> Operations { get; }

    public static async Task<ServedContract> LoadAsync(HttpClient client) =>
        new((await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).Clone());

    private static List<ContractOperation> ReadOperations(JsonElement document)
    {
        var operations = new List<ContractOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var common) ? common.EnumerateArray().ToList() : [];
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options"))
            {
                var op = operation.Value;
                var parameters = shared.Concat(op.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : [])
                    .Select(p => new ContractParameter(
                        p.GetProperty("name").GetString()!,
                        p.GetProperty("in").GetString()!,
                        p.TryGetProperty("required", out var required) && required.GetBoolean(),
                        p.TryGetProperty("schema", out var schema) ? schema : default))
                    .ToList();
                JsonElement? body = op.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
                    ? json.GetProperty("schema") : null;
                var responses = op.GetProperty("responses").EnumerateObject().ToDictionary(
                    r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture),
                    r => new ContractResponse(
                        int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture),
                        r.Value.TryGetProperty("content", out var content)
                            ? content.EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("schema"), StringComparer.OrdinalIgnoreCase)
                            : new Dictionary<string, JsonElement>()));
                operations.Add(new ContractOperation(
                    op.GetProperty("operationId").GetString()!, operation.Name.ToUpperInvariant(), path.Name, parameters, body, responses));
            }
        }

        return operations;
    }
}
