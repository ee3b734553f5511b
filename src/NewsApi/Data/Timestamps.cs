using System.Globalization;

namespace NewsApi.Data;

/// <summary>The one text form of a UTC instant in the database: sortable, and read back without time-zone guessing.</summary>
public static class Timestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToDb(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string ToDb(DateTime value) => value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    public static DateTime FromDb(string value) =>
        DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static DateTime? FromDbOrNull(string? value) => value is null ? null : FromDb(value);
}
