using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NewsApi.Tests.Contract;

/// <summary>
/// Checks a JSON value against a schema of the served OpenAPI 3.0 document. Only the subset the document uses
/// (type, nullable, properties, required, additionalProperties, items, enum, format date-time/int32/int64, $ref,
/// allOf, oneOf, anyOf) is understood; any other keyword that constrains values fails loudly, so a document that
/// grows a new keyword cannot pass unchecked.
/// </summary>
public sealed partial class SchemaValidator(JsonElement document)
{
    // Keywords that say nothing about which values are valid.
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "description", "example", "examples", "title", "default", "deprecated", "readOnly", "writeOnly", "externalDocs" };

    /// <summary>Every way <paramref name="value"/> breaks <paramref name="schema"/>, each with its JSON path; empty when it conforms.</summary>
    public List<string> Validate(JsonElement value, JsonElement schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors);
        return errors;
    }

    /// <summary>The schema a <c>$ref</c> points at (or the schema itself).</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var target = document;
            foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            schema = target;
        }

        return schema;
    }

    private void Check(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        schema = Resolve(schema);
        if (value.ValueKind == JsonValueKind.Null && Nullable(schema))
        {
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            switch (keyword.Name)
            {
                case "type":
                    CheckType(value, keyword.Value, schema, path, errors);
                    break;
                case "nullable":
                    break; // handled above: a null that is not allowed fails on its type
                case "enum":
                    if (!keyword.Value.EnumerateArray().Any(allowed => JsonElement.DeepEquals(allowed, value)))
                    {
                        errors.Add($"{path}: {value.GetRawText()} is not one of {keyword.Value.GetRawText()}");
                    }

                    break;
                case "format":
                    CheckFormat(value, keyword.Value.GetString()!, path, errors);
                    break;
                case "properties" or "required" or "additionalProperties":
                    break; // checked together below
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var index = 0;
                        foreach (var item in value.EnumerateArray())
                        {
                            Check(item, keyword.Value, $"{path}[{index++}]", errors);
                        }
                    }

                    break;
                case "allOf":
                    foreach (var part in keyword.Value.EnumerateArray())
                    {
                        Check(value, part, path, errors);
                    }

                    break;
                case "oneOf" or "anyOf":
                    CheckAlternatives(value, keyword.Value, keyword.Name == "oneOf", path, errors);
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        errors.Add($"{path}: the validator does not understand the schema keyword '{keyword.Name}'");
                    }

                    break;
            }
        }

        if (value.ValueKind == JsonValueKind.Object
            && (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("required", out _) || schema.TryGetProperty("additionalProperties", out _)))
        {
            CheckObject(value, schema, path, errors);
        }
    }

    private static bool Nullable(JsonElement schema) =>
        (schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
        || (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array
            && type.EnumerateArray().Any(t => t.GetString() == "null"));

    private static void CheckType(JsonElement value, JsonElement type, JsonElement schema, string path, List<string> errors)
    {
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
        if (!names.Any(name => IsOfType(value, name)))
        {
            var nullable = Nullable(schema) ? " (nullable)" : "";
            errors.Add($"{path}: expected {string.Join(" or ", names)}{nullable}, got {value.ValueKind} {Shorten(value.GetRawText())}");
        }
    }

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && number == decimal.Truncate(number),
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static void CheckFormat(JsonElement value, string format, string path, List<string> errors)
    {
        switch (format)
        {
            case "int32" when value.ValueKind == JsonValueKind.Number && !value.TryGetInt32(out _):
            case "int64" when value.ValueKind == JsonValueKind.Number && !value.TryGetInt64(out _):
                errors.Add($"{path}: {value.GetRawText()} is not {format}");
                break;
            // The document's own description promises "UTC ISO-8601 with Z": RFC 3339 date-time, in UTC.
            case "date-time" when value.ValueKind == JsonValueKind.String
                && (!UtcDateTime().IsMatch(value.GetString()!)
                    || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _)):
                errors.Add($"{path}: {value.GetRawText()} is not an RFC 3339 UTC date-time ending in Z");
                break;
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(name => !value.TryGetProperty(name, out _)))
            {
                errors.Add($"{path}: required property '{name}' is missing");
            }
        }

        var additional = schema.TryGetProperty("additionalProperties", out var extra) ? extra : default;
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = $"{path}.{property.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(property.Value, propertySchema, propertyPath, errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{propertyPath}: property not in the schema (additionalProperties is false)");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(property.Value, additional, propertyPath, errors);
            }
        }
    }

    private void CheckAlternatives(JsonElement value, JsonElement alternatives, bool exactlyOne, string path, List<string> errors)
    {
        var failures = new List<string>();
        var matches = 0;
        foreach (var alternative in alternatives.EnumerateArray())
        {
            var own = new List<string>();
            Check(value, alternative, path, own);
            if (own.Count == 0)
            {
                matches++;
            }
            else
            {
                failures.Add($"[{string.Join("; ", own.Take(3))}]");
            }
        }

        if (matches == 0)
        {
            errors.Add($"{path}: matches none of its alternatives: {string.Join(" | ", failures)}");
        }
        else if (exactlyOne && matches > 1)
        {
            errors.Add($"{path}: matches {matches} alternatives of a oneOf, not exactly one");
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", RegexOptions.CultureInvariant)]
    private static partial Regex UtcDateTime();
}
