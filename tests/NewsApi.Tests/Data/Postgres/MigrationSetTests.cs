using NewsApi.Data;
using NewsApi.Data.Postgres;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Data.Postgres;

public sealed class MigrationSetTests
{
    [Fact]
    public void Each_migrator_sees_only_the_migrations_of_its_own_engine()
    {
        var sqlite = Migrator.Embedded().Select(m => m.Sql).ToList();
        var postgres = PostgresMigrator.Embedded().Select(m => m.Sql).ToList();

        Assert.NotEmpty(sqlite);
        Assert.NotEmpty(postgres);
        Assert.DoesNotContain(sqlite, sql => sql.Contains("timestamptz", StringComparison.Ordinal));
        Assert.All(postgres, sql => Assert.DoesNotContain("fts5", sql, StringComparison.Ordinal));
        Assert.Equal(Directory.GetFiles(Path.Combine(Repository.Root, "db", "migrations"), "*.sql").Length, sqlite.Count);
        Assert.Equal(Directory.GetFiles(Path.Combine(Repository.Root, "db", "migrations", "postgres"), "*.sql").Length, postgres.Count);
    }

    [Fact]
    public void A_checksum_ignores_line_endings_and_nothing_else()
    {
        Assert.Equal(MigrationSet.Checksum("SELECT 1;\nSELECT 2;\n"), MigrationSet.Checksum("SELECT 1;\r\nSELECT 2;\r\n"));
        Assert.NotEqual(MigrationSet.Checksum("SELECT 1;\n"), MigrationSet.Checksum("SELECT 1; \n"));
    }
}
