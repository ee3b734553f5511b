#:project ../../src/NewsApi/NewsApi.csproj
#:property PublishAot=false

// For tests/load/search-bench.sh: appends a word that occurs nowhere else (زمرديات) to the title of every
// 5,000th article, so the benchmark has a rare word to search for. Written through the application's Database,
// so the search index triggers re-index those articles.
// Usage: dotnet run tests/load/RareWord.cs -- <database file>
using Dapper;
using NewsApi.Data;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: RareWord <database file>");
    return 2;
}

var database = new NewsApi.Data.Sqlite.SqliteDatabase($"Data Source={args[0]}", "NORMAL");
using var connection = database.Open();
using var transaction = connection.BeginTransaction(deferred: false);
var changed = connection.Execute("UPDATE articles SET title = title || ' زمرديات' WHERE id % 5000 = 0", transaction: transaction);
transaction.Commit();
Console.WriteLine($"Rare word added to {changed} article title(s).");
return 0;
