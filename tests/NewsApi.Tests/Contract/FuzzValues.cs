using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;

namespace NewsApi.Tests.Contract;

/// <summary>
/// Generators of hostile and ordinary values. Values meant for a URL come out already percent-encoded ("wire" form),
/// so that byte sequences no .NET string can hold (invalid UTF-8, an encoded lone surrogate) can be sent too.
/// Values meant for a JSON body come out as raw JSON text, for the same reason (a "\ud800" escape, 1e308).
/// </summary>
public static class FuzzValues
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Arabic with harakat, tatweel, Egyptian spelling, Arabic-Indic digits, and mixed scripts.</summary>
    public static readonly string[] ArabicWords =
    [
        "مُحَمَّدٌ", "الروسى", "الروسي", "والدفاع", "للدفاع", "وزير", "كوريا", "الشمالية", "عرض فنى ترحيبا", "٢٠٢٤", "ـــالدفاعـــ",
        "في", "من", "على", "إلى", "أندريه بيلوسوف", "قُرْآن", "ﷲ", "Moscow موسكو", "ى", "ة", "ٱلْعَرَبِيَّة",
    ];

    /// <summary>Every FTS5 operator and syntax character, alone and in the positions where they bite.</summary>
    public static readonly string[] FtsSyntax =
    [
        "AND", "OR", "NOT", "NEAR", "NEAR(a b, 2)", "*", "\"", "^", ":", "(", ")", "-", "+", "{}", "{title}: x", "title:روسيا",
        "\"unterminated", "a OR", "NOT a", "(a", "a)", "^الروسى", "الروس*", "- الدفاع", "+وزير", "{body title}: الدفاع",
        "\"\"", "''", "a AND NOT b", "NEAR(", "x:*", "AND OR NOT", "*:*", "a\"b", "؟", "،", "«»",
    ];

    /// <summary>Wire forms no valid .NET string encodes to: invalid UTF-8, an encoded lone surrogate, NUL, broken escapes.</summary>
    public static readonly string[] InvalidWire =
    [
        "%00", "a%00b", "%FF", "%FE%FF", "%ED%A0%80", "%ED%BF%BF", "%C0%80", "%C0%AF", "%E2%82", "%D8%A7%FF", "%F4%90%80%80",
        "%", "%Z", "%ZZ", "%%", "%E0%80%80",
    ];

    /// <summary>Strings that have broken parsers elsewhere: markup, SQL, paths, controls, bidi marks, emoji.</summary>
    public static readonly string[] Nasty =
    [
        "<script>alert(1)</script>", "' OR 1=1 --", "'; DROP TABLE articles; --", "../../etc/passwd", "a/b", "\\", "%2F", "\u202Eabc",
        "\u200F", "\u0640", "\uFEFF", "🙂", "👨‍👩‍👧", "\t", "\r\n", " ", "null", "undefined", "NaN", "true", "[]", "{}", "\u0001", "ä",
    ];

    public static readonly Gen<string> ArabicText =
        Gen.OneOf(ArabicWords).Array[1, 4].Select(words => string.Join(' ', words));

    /// <summary>Random text of valid UTF-16 (no lone surrogates): those go over the wire as <see cref="InvalidWire"/>.</summary>
    public static readonly Gen<string> RandomText =
        Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c)), 0, 40];

    /// <summary>Over every documented limit (q: 200, names: 245, bodies: 5,000 characters).</summary>
    public static readonly Gen<string> Oversized =
        Gen.OneOf(Gen.Int[201, 260], Gen.Int[4_990, 5_010], Gen.Int[20_000, 70_000])
            .Select(Gen.OneOf("ا", "a", "مُ", "%"), (length, unit) => string.Concat(Enumerable.Repeat(unit, length / unit.Length + 1))[..length]);

    /// <summary>A text value in wire form: ordinary, Arabic, FTS syntax, nasty, oversized or invalid.</summary>
    public static readonly Gen<string> AnyTextWire = Gen.Frequency(
        (3, ArabicText.Select(Uri.EscapeDataString)),
        (2, RandomText.Select(Uri.EscapeDataString)),
        (2, Gen.OneOf(FtsSyntax).Select(Uri.EscapeDataString)),
        (2, Gen.OneOf(Nasty).Select(Uri.EscapeDataString)),
        (1, Oversized.Select(Uri.EscapeDataString)),
        (2, Gen.OneOf(InvalidWire)),
        (1, Gen.Const("")));

    /// <summary>Whole numbers as text: in range, at the edges, past int, not whole, not numbers, other digits.</summary>
    public static Gen<string> IntegerText(int min, int max) => Gen.Frequency(
        (6, Gen.Int[min, max].Select(Invariant)),
        (3, Gen.OneOf(min - 1, max + 1, 0, -1, int.MaxValue, int.MinValue).Select(Invariant)),
        (3, Gen.OneOf("2147483648", "-2147483649", "99999999999999999999999", "1e308", "-0", "1.0", "1.5", "0x10", "+5", " 5 ", "٣", "۴", "1,000", "abc", "", "NaN", "Infinity", "--1")),
        (1, AnyTextWire));

    public static Gen<string> EnumText(IReadOnlyList<string> allowed) => Gen.Frequency(
        (6, Gen.OneOf([.. allowed])),
        (2, Gen.OneOf([.. allowed]).Select(value => value.ToUpperInvariant())),
        (1, Gen.OneOf("", " ", "all", "حذف", "null", "draft,published", "0")),
        (1, AnyTextWire));

    public static readonly Gen<string> DateText = Gen.Frequency(
        (4, Gen.DateTime[new DateTime(2020, 1, 1), new DateTime(2030, 1, 1)].Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        (3, Gen.DateTime[new DateTime(2020, 1, 1), new DateTime(2030, 1, 1)].Select(d => d.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))),
        (3, Gen.OneOf("0001-01-01", "9999-12-31T23:59:59Z", "2024-02-30", "2024-13-01", "2024-11-29T25:00:00Z", "2024-11-29T05:00:00+05:00",
            "2024-11-29T05:00:00.1234567Z", "29/11/2024", "٢٠٢٤-١١-٢٩", "2024", "now", "-1", "1e308", "")),
        (1, AnyTextWire));

    /// <summary>A JSON string token (escaped as System.Text.Json writes it).</summary>
    public static string JsonString(string value) => JsonSerializer.Serialize(value, Relaxed);

    /// <summary>JSON tokens that are the wrong type for most properties or push a parser's limits.</summary>
    public static readonly Gen<string> HostileJson = Gen.OneOf(
        Gen.OneOf("null", "true", "[]", "{}", "[1,2]", "{\"a\":1}", "0", "-0", "1e308", "-1e308", "2147483648", "-2147483649",
            "99999999999999999999999999", "1.5", "\"\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\"",
            "\"<p>نص</p><script>x</script>\"", "\"javascript:alert(1)\"", "\"ftp://example.com/x\"", "\"http://\"", "\"not-an-email\"",
            "1e400", "-1e400", "0.0000000000000000000000000001", "[" + string.Join(',', Enumerable.Repeat("\"وسم\"", 500)) + "]"),
        Oversized.Select(JsonString),
        Gen.OneOf(FtsSyntax).Select(JsonString),
        Gen.OneOf(Nasty).Select(JsonString));

    /// <summary>Bodies that are not the JSON document expected at all.</summary>
    public static readonly string[] MalformedJson =
    [
        "", "{", "}", "{\"a\":}", "{,}", "{'title': 'x'}", "{\"title\": \"x\",}", "[", "nul", "NaN", "{\"title\" \"x\"}", "\"just a string\"",
        "42", "[]", "[{}]", "null", "true", "{\"a\":1}{\"b\":2}", "\uFEFF{}", "{\"title\":\"\\x\"}", "{\"title\":\"\\ud800\"}", "<xml/>",
        "{\"title\":\"a\u0000b\"}", "{\"__proto__\":{}}", "{\"$type\":\"x\"}", "{\"title\":\"a\",\"title\":\"b\"}",
        new string('[', 200) + new string(']', 200), string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100),
    ];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
