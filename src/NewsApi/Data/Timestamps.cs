using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace NewsApi.Data;

/// <summary>
/// Instants as the database holds them: UTC, to the whole second. PostgreSQL stores them as <c>timestamptz</c>;
/// SQLite, which has no time type, as text in one sortable form (<see cref="ToText"/>). Stores pass and read
/// <see cref="DateTime"/> (Kind Utc) on both engines; <see cref="DbTimestamps"/> does the conversion for SQLite.
/// </summary>
public static class Timestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The instant as stored: UTC, whole seconds (what a later read gives back, so comparisons agree).</summary>
    public static DateTime ToDb(DateTimeOffset value) => ToDb(value.UtcDateTime);

    public static DateTime ToDb(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    /// <summary>The text form: SQLite's stored form, and that of tokens handed to clients (cursors).</summary>
    public static string ToText(DateTimeOffset value) => ToText(value.UtcDateTime);

    public static string ToText(DateTime value) => ToDb(value).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="value"/> is exactly in the text form (as a client-returned token must be).</summary>
    public static bool IsTextForm(string value) =>
        DateTime.TryParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);

    public static DateTime FromText(string value) =>
        DateTime.SpecifyKind(
            DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            DateTimeKind.Utc);
}

/// <summary>
/// Dapper's conversion of <see cref="DateTime"/> for both engines: to SQLite as <see cref="Timestamps.ToText"/>
/// (Microsoft.Data.Sqlite would otherwise write another text form, which does not compare with the stored one), to
/// PostgreSQL as a UTC <c>timestamptz</c>; read back from either as Kind Utc.
/// </summary>
internal sealed class DbTimestamps : SqlMapper.TypeHandler<DateTime>
{
    private static int _registered;

    /// <summary>Registers the handler once per process (Dapper's handlers are global).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) != 0)
        {
            return;
        }

        // Dapper consults its built-in type map before handlers: DateTime must leave it for the handler to be used.
        SqlMapper.RemoveTypeMap(typeof(DateTime));
        SqlMapper.RemoveTypeMap(typeof(DateTime?));
        SqlMapper.AddTypeHandler(new DbTimestamps());
    }

    public override void SetValue(IDbDataParameter parameter, DateTime value)
    {
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Timestamps.ToText(value);
        }
        else
        {
            // No DbType: Npgsql infers timestamptz from a Kind Utc DateTime (DbType.DateTime would mean timestamp).
            parameter.Value = Timestamps.ToDb(value);
        }
    }

    public override DateTime Parse(object value) => value switch
    {
        string text => Timestamps.FromText(text),
        DateTime instant => DateTime.SpecifyKind(instant, DateTimeKind.Utc),
        DateTimeOffset instant => instant.UtcDateTime,
        _ => throw new InvalidCastException($"A timestamp cannot be read from {value.GetType().Name}."),
    };
}
