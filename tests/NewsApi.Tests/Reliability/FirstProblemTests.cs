using System.Net;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// The first problem with <c>errors</c> a server writes after a start is a 400 like every later one. The serializer
/// meets the errors' dictionary for the first time then, and the converter of every request string
/// (<c>RequestTextConverter</c>) could not write a dictionary key: after each start on an existing database (a first
/// start seeds the demo content, which serialized such a dictionary first), the first refused query was a 500 and the
/// later ones 400. The test host, on a new database each time, did not show it: this is the real process, started a
/// second time on its file.
/// </summary>
public sealed class FirstProblemTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_first_refused_query_after_a_restart_is_a_400_naming_the_parameter()
    {
        using (await ServerProcess.StartAsync(_database.FilePath))
        {
        }

        using var server = await ServerProcess.StartAsync(_database.FilePath);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        foreach (var attempt in new[] { "first", "second" })
        {
            var problem = await (await client.GetAsync("/api/v1/articles?pageSize=1000")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").GetProperty("pageSize").GetArrayLength() > 0, attempt);
        }
    }
}
