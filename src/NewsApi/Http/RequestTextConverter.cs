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
}

/// <summary>A request string with a character XML 1.0 forbids; the serializer adds the property's path.</summary>
public sealed class ForbiddenCharacterException() : JsonException("The string contains a character XML 1.0 does not allow.");
