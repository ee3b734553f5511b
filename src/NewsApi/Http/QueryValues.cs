using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsApi.Http;

// Query values are bound as the client sent them and judged by the validators, so "pageSize=abc" becomes a
// localised problem naming the parameter instead of the framework's bare 400 from failed binding.
// The OpenAPI document still shows their real types (see OpenApi/OpenApiSetup.cs).

/// <summary>A whole-number query value; <see cref="Value"/> is null when the text is not one.</summary>
public readonly record struct QueryInt(string Raw, int? Value)
{
    public static bool TryParse(string? raw, out QueryInt result)
    {
        raw ??= string.Empty;
        var ascii = AsciiDigits(raw.Trim());
        result = new QueryInt(raw, int.TryParse(ascii, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null);
        return true;
    }

    public bool IsBetween(int min, int max) => Value is { } v && v >= min && v <= max;

    // Arabic-Indic (٠-٩) and Persian (۰-۹) digits are digits too for a reader typing on an Arabic keyboard.
    private static string AsciiDigits(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c switch
            {
                >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
                >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
                _ => c,
            };
        }
    });
}

/// <summary>
/// An ISO-8601 date or date-time query value. A date alone means the whole UTC day, so <c>to=2024-11-29</c>
/// includes articles of the 29th.
/// </summary>
public readonly partial record struct QueryDate(string Raw, DateTimeOffset? Value, bool IsDateOnly)
{
    public static bool TryParse(string? raw, out QueryDate result)
    {
        raw ??= string.Empty;
        var text = raw.Trim();
        if (DateOnlyPattern().IsMatch(text) &&
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            result = new QueryDate(raw, new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), true);
        }
        else if (DateTimePattern().IsMatch(text) &&
                 DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            result = new QueryDate(raw, instant, false);
        }
        else
        {
            result = new QueryDate(raw, null, false);
        }

        return true;
    }

    /// <summary>The first instant the value covers.</summary>
    public DateTimeOffset? Start => Value;

    /// <summary>
    /// The first instant after the value: the next day for a date, the next second for a date-time. The last day of
    /// year 9999 has no next day (DateTimeOffset ends there), so its range runs to the end of representable time.
    /// </summary>
    public DateTimeOffset? EndExclusive => Value is not { } start ? null
        : DateTimeOffset.MaxValue - start < Length ? DateTimeOffset.MaxValue
        : start + Length;

    private TimeSpan Length => IsDateOnly ? TimeSpan.FromDays(1) : TimeSpan.FromSeconds(1);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateOnlyPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex DateTimePattern();
}
