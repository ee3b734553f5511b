using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using NewsApi.Data;

namespace NewsApi.Preview;

/// <summary>
/// Where ASP.NET Core Data Protection keeps its key ring: the <c>data_protection_keys</c> table (SQLite's migration
/// 0010, PostgreSQL's 0006), the same SQL on both engines. Every instance on one database reads the same keys, so a
/// preview token sealed by one opens on all; the default (a folder per machine) would give each instance keys of its own.
/// </summary>
public sealed class DataProtectionKeyStore(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        const string sql = """
            SELECT xml FROM data_protection_keys ORDER BY id
            """;
        using var connection = database.Open();
        return connection.Query<string>(sql).Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        const string sql = """
            INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@FriendlyName, @Xml)
            """;
        var row = new { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) };
        database.Write(write => write.Connection.Execute(sql, row, write.Transaction));
    }
}
