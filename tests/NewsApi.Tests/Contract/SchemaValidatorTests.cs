using System.Text.Json;

namespace NewsApi.Tests.Contract;

/// <summary>The fuzzer's schema check must be able to fail: each keyword the document uses catches its own breach.</summary>
public sealed class SchemaValidatorTests
{
    private static readonly JsonElement Document = JsonDocument.Parse("""
        {
          "components": { "schemas": {
            "Ref": { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer", "format": "int32" } }, "additionalProperties": false },
            "Item": {
              "type": "object",
              "required": ["id", "at", "kind", "ref", "note"],
              "properties": {
                "id": { "type": "integer", "format": "int32" },
                "at": { "type": "string", "format": "date-time" },
                "kind": { "type": "string", "enum": ["a", "b"] },
                "ref": { "allOf": [{ "$ref": "#/components/schemas/Ref" }] },
                "note": { "type": "string", "nullable": true },
                "tags": { "type": "array", "items": { "type": "string" } },
                "one": { "oneOf": [{ "type": "string" }, { "type": "integer" }] },
                "either": { "oneOf": [{ "type": "number" }, { "type": "integer" }] },
                "map": { "type": "object", "additionalProperties": { "type": "integer" } }
              },
              "additionalProperties": false
            }
          } }
        }
        """).RootElement;

    private static readonly JsonElement ItemSchema = JsonDocument.Parse("""{ "$ref": "#/components/schemas/Item" }""").RootElement;

    private const string Valid = """{ "id": 1, "at": "2024-11-29T05:00:00Z", "kind": "a", "ref": { "id": 2 }, "note": null, "tags": ["x"], "one": 3, "map": { "k": 1 } }""";

    private static List<string> Errors(string json) => new SchemaValidator(Document).Validate(JsonDocument.Parse(json).RootElement, ItemSchema);

    [Fact]
    public void A_conforming_value_has_no_errors() => Assert.Empty(Errors(Valid));

    [Theory]
    [InlineData("\"id\": 1,", "", "required property 'id'")]
    [InlineData("\"id\": 1", "\"id\": \"1\"", "$.id: expected integer")]
    [InlineData("\"id\": 1", "\"id\": 1.5", "$.id: expected integer")]
    [InlineData("\"id\": 1", "\"id\": 2147483648", "is not int32")]
    [InlineData("\"note\": null", "\"note\": 5", "$.note: expected string")]
    [InlineData("\"kind\": \"a\"", "\"kind\": null", "$.kind: expected string")]
    [InlineData("\"kind\": \"a\"", "\"kind\": \"c\"", "is not one of")]
    [InlineData("\"at\": \"2024-11-29T05:00:00Z\"", "\"at\": \"2024-11-29T05:00:00+02:00\"", "UTC date-time")]
    [InlineData("\"at\": \"2024-11-29T05:00:00Z\"", "\"at\": \"2024-13-29T05:00:00Z\"", "UTC date-time")]
    [InlineData("\"ref\": { \"id\": 2 }", "\"ref\": { \"id\": 2, \"extra\": 1 }", "$.ref.extra: property not in the schema")]
    [InlineData("\"ref\": { \"id\": 2 }", "\"ref\": {}", "$.ref: required property 'id'")]
    [InlineData("\"tags\": [\"x\"]", "\"tags\": [1]", "$.tags[0]: expected string")]
    [InlineData("\"one\": 3", "\"one\": true", "matches none of its alternatives")]
    [InlineData("\"one\": 3", "\"either\": 3", "not exactly one")]
    [InlineData("\"map\": { \"k\": 1 }", "\"map\": { \"k\": \"v\" }", "$.map.k: expected integer")]
    [InlineData("\"id\": 1,", "\"id\": 1, \"surprise\": true,", "$.surprise: property not in the schema")]
    public void Each_kind_of_breach_is_reported_with_its_path(string replace, string with, string expected)
    {
        Assert.Contains(replace, Valid, StringComparison.Ordinal);

        var errors = Errors(Valid.Replace(replace, with, StringComparison.Ordinal));

        Assert.Contains(errors, error => error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_keyword_the_validator_does_not_know_is_a_failure_not_a_pass()
    {
        var schema = JsonDocument.Parse("""{ "type": "string", "maxLength": 3 }""").RootElement;

        var errors = new SchemaValidator(Document).Validate(JsonDocument.Parse("\"abcdef\"").RootElement, schema);

        Assert.Contains(errors, error => error.Contains("'maxLength'", StringComparison.Ordinal));
    }
}
