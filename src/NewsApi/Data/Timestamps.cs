using System.Globalization;

namespace NewsApi.Data;

/// <summary>The one text form of a UTC instant in the database: sortable, and read back without time-zone guessing.</summary>
public static class Timestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToDb(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string ToDb(DateTime value) => value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="value"/> is exactly in the database's form (as a client-returned token must be).</summary>
    public static bool IsDbForm(string value) =>
        DateTime.TryParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);

    public static DateTime FromDb(string value) =>
        DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static DateTime? FromDbOrNull(string? value) => value is null ? null : FromDb(value);
}
