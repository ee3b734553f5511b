using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Xunit.Abstractions;
using static NewsApi.Tests.Comments.CommentTestData;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// The promise of synchronous=FULL, checked on the real server: a comment answered 202 is on disk, whenever the
/// process dies after that. The server is SIGKILLed (no shutdown code runs) at random moments while several
/// clients submit comments, started again on the same file each time, and at the end the file must be intact and
/// hold every acknowledged comment exactly once. (Power loss is not simulated: that is the operating system's
/// fsync promise, which synchronous=FULL relies on; <c>RunningAppPragmaTests</c> checks the pragma itself.)
/// </summary>
public sealed class CrashSafetySqliteTests(ITestOutputHelper output) : IDisposable
{
    private const int Iterations = 5;
    private const int Clients = 4;

    /// <summary>Set it to replay the kill moments of an earlier run (the seed is printed in the test output).</summary>
    private const string SeedVariable = "NEWSAPI_CRASH_SEED";

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Every_acknowledged_comment_survives_repeated_SIGKILLs_exactly_once_in_an_intact_file()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"Random seed {seed} ({SeedVariable}={seed} repeats these kill moments)");
        var random = new Random(seed);
        var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal); // e-mail → comment id answered
        var unexpected = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();

        for (var iteration = 1; iteration <= Iterations; iteration++)
        {
            var answered = await KillDuringSubmissionsAsync(
                () => ServerProcess.StartAsync(_database.FilePath), $"crash-{iteration}", Clients, random, acknowledged, unexpected);
            output.WriteLine($"Iteration {iteration}: killed after {answered} acknowledged comments");
        }

        // One more start after the last kill: the file opens, its WAL is recovered and the server gets ready.
        using (var last = await ServerProcess.StartAsync(_database.FilePath))
        {
            last.Kill();
        }

        Assert.Empty(unexpected);
        Assert.Equal("ok", _database.IntegrityCheck());
        using var db = _database.Open();
        var stored = db.Query<(long Id, string Email)>("SELECT id, author_email FROM comments WHERE author_email LIKE 'crash-%'")
            .GroupBy(row => row.Email, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(row => row.Id).ToList(), StringComparer.Ordinal);
        Assert.All(acknowledged, ack =>
        {
            Assert.True(stored.TryGetValue(ack.Key, out var ids), $"acknowledged comment {ack.Value} ({ack.Key}) is missing");
            Assert.Equal(ack.Value, Assert.Single(ids));
        });
        Assert.All(stored, row => Assert.Single(row.Value)); // unacknowledged ones too: a lost answer never doubles a row
        Assert.True(acknowledged.Count >= Iterations, $"only {acknowledged.Count} acknowledged writes: the test checked too little");

        output.WriteLine($"Crash iterations survived: {Iterations} (SIGKILL during {Clients} concurrent writers each)");
        output.WriteLine($"Acknowledged writes checked: {acknowledged.Count}, each present exactly once; integrity_check ok");
        output.WriteLine($"Stored without an answer (committed as the process died): {stored.Count - acknowledged.Count}");
        output.WriteLine($"Duration: {clock.Elapsed.TotalSeconds:F1} s");
    }
}
