using System.Text.Json;
using System.Text.Json.Serialization;
using NewsApi.Text;

namespace NewsApi.Http;

/// <summary>
/// Every string of every JSON request body passes here: one refusing a character XML 1.0 forbids (see
/// <see cref="XmlCharacters"/>) is a 400 naming the property, for all operations at once, before any validator or store
/// sees it. Writing is unchanged.
/// </summary>
public sealed class RequestTextConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String)
        {
            // An escaped surrogate without its other half ("\ud800"): text no XML document can hold either.
            throw new ForbiddenCharacterException();
        }

        return XmlCharacters.IndexOfForbidden(text) < 0 ? text : throw new ForbiddenCharacterException();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // A converter of string is also asked for every dictionary key of string. Without these two, writing any dictionary
    // keyed by string (a validation problem's errors) threw NotSupportedException: a 500 for the first refused query
    // after each start on an existing database, before anything else had serialized one.
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);
}

/// <summary>A request string with a character XML 1.0 forbids; the serializer adds the property's path.</summary>
public sealed class ForbiddenCharacterException() : JsonException("The string contains a character XML 1.0 does not allow.");
