using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace NewsApi.Data;

/// <summary>One forward-only SQL file: its version (the number its name starts with), name, text and checksum.</summary>
public sealed record Migration(string Version, string Name, string Sql, string Checksum);

/// <summary>
/// The migrations of one engine, embedded in the assembly under a prefix of their own (see NewsApi.csproj): SQLite's
/// from db/migrations, PostgreSQL's from db/migrations/postgres. Reading, ordering and checksums are the same for
/// both engines; each engine's migrator only applies them (<see cref="Migrator"/>, <see cref="Postgres.PostgresMigrator"/>).
/// </summary>
public static class MigrationSet
{
    public const string SqlitePrefix = "db/migrations/";
    public const string PostgresPrefix = "db/postgres-migrations/";

    /// <summary>The .sql resources directly under <paramref name="prefix"/>, in name order.</summary>
    public static IReadOnlyList<Migration> Read(Assembly assembly, string prefix) =>
        assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal)
                && name.EndsWith(".sql", StringComparison.Ordinal)
                && !name[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => FromText(Path.GetFileNameWithoutExtension(name[prefix.Length..]), ReadResource(assembly, name)))
            .ToList();

    /// <summary>A migration named like its file (e.g. 0001_initial_schema), hashed as every migration is.</summary>
    public static Migration FromText(string name, string sql) =>
        new(name.Split('_', 2)[0], name, sql, Checksum(sql));

    /// <summary>SHA-256 of the text with LF line endings, so a checkout's line endings do not change it.</summary>
    public static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    /// <summary>
    /// Whether <paramref name="migration"/> was applied already, given the checksum schema_migrations recorded for its
    /// version (null: never applied). A different checksum means a landed migration was edited, which is refused.
    /// </summary>
    public static bool WasApplied(Migration migration, string? recordedChecksum)
    {
        if (recordedChecksum is null)
        {
            return false;
        }

        if (recordedChecksum != migration.Checksum)
        {
            throw new InvalidOperationException(
                $"Migration {migration.Name} was changed after it was applied. Landed migrations are never edited: add a new one.");
        }

        return true;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
