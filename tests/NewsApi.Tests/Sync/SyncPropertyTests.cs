using System.Globalization;
using CsCheck;
using NewsApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NewsApi.Tests.Sync;

/// <summary>
/// The one property of the sync feed that matters: after any random sequence of editorial operations through the admin
/// API (create, edit, publish now or later, unpublish, delete, rename a tag, the clock moving past scheduled times),
/// with the client syncing a page now and then in between, a client that applied every answer in order holds exactly
/// the public articles, each as the public API answers it now. Each sample runs on a fresh database of the engine
/// under test. Replay a failure with CsCheck_Seed=&lt;seed&gt;; hunt longer with CsCheck_Iter=200.
/// </summary>
public sealed class SyncPropertyTests(ITestOutputHelper output)
{
    private const int DefaultIterations = 12;
    private static readonly string[] TagNames = ["رياضة", "سياسة"];

    public abstract record Operation;

    public sealed record Create(int Title, int Tag) : Operation;

    public sealed record Edit(int Article, int Title, int Tag) : Operation;

    public sealed record PublishNow(int Article) : Operation;

    public sealed record PublishLater(int Article, int Minutes) : Operation;

    public sealed record Unpublish(int Article) : Operation;

    public sealed record Delete(int Article) : Operation;

    public sealed record ClockMoves(int Minutes) : Operation;

    public sealed record RenameTag(int Tag, int Name) : Operation;

    /// <summary>The client asks for one page (three items) in the middle of the editors' work.</summary>
    public sealed record SyncOnePage : Operation;

    private static readonly Gen<Operation> Operations = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, 999], Gen.Int[0, 1], (title, tag) => (Operation)new Create(title, tag))),
        (3, Gen.Select(Gen.Int[0, 9], Gen.Int[0, 999], Gen.Int[0, 1], (article, title, tag) => (Operation)new Edit(article, title, tag))),
        (4, Gen.Int[0, 9].Select(article => (Operation)new PublishNow(article))),
        (2, Gen.Select(Gen.Int[0, 9], Gen.Int[1, 10], (article, minutes) => (Operation)new PublishLater(article, minutes))),
        (2, Gen.Int[0, 9].Select(article => (Operation)new Unpublish(article))),
        (1, Gen.Int[0, 9].Select(article => (Operation)new Delete(article))),
        (2, Gen.Int[1, 15].Select(minutes => (Operation)new ClockMoves(minutes))),
        (1, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 99], (tag, name) => (Operation)new RenameTag(tag, name))),
        (3, Gen.Const((Operation)new SyncOnePage())));

    [Fact]
    public async Task A_client_that_applied_every_answer_holds_exactly_the_public_articles()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), CultureInfo.InvariantCulture, out var iter) ? iter : DefaultIterations;
        var samples = 0;
        await Operations.Array[1, 24].SampleAsync(async operations =>
        {
            Interlocked.Increment(ref samples);
            await RunAsync(operations);
        }, iter: iterations, threads: 1);
        output.WriteLine($"{samples} sequences of operations (with shrinking) on {TestEngine.Current}.");
    }

    private static async Task RunAsync(Operation[] operations)
    {
        using var factory = new NewsApiFactory();
        var desk = new EditorialDesk(factory);
        using var reader = factory.CreateClient();
        var client = new OfflineClient(reader, limit: 3);
        var ids = new List<int>();
        int? Pick(int index) => ids.Count == 0 ? null : ids[index % ids.Count];

        foreach (var operation in operations)
        {
            switch (operation)
            {
                case Create create:
                    ids.Add(await desk.CreateAsync($"خبر {create.Title}", TagNames[create.Tag]));
                    break;
                case Edit edit when Pick(edit.Article) is { } id:
                    await desk.EditAsync(id, $"خبر معدل {edit.Title}", TagNames[edit.Tag]);
                    break;
                case PublishNow publish when Pick(publish.Article) is { } id:
                    await desk.PublishAsync(id);
                    break;
                case PublishLater later when Pick(later.Article) is { } id:
                    await desk.PublishAsync(id, factory.Clock.Now.AddMinutes(later.Minutes));
                    break;
                case Unpublish unpublish when Pick(unpublish.Article) is { } id:
                    await desk.UnpublishAsync(id);
                    break;
                case Delete delete when Pick(delete.Article) is { } id:
                    await desk.DeleteAsync(id);
                    break;
                case ClockMoves moves:
                    factory.Clock.Now = factory.Clock.Now.AddMinutes(moves.Minutes);
                    break;
                case RenameTag rename:
                    await desk.RenameTagAsync(TagNames[rename.Tag], $"{TagNames[rename.Tag]} {rename.Name}");
                    break;
                case SyncOnePage:
                    await client.PageAsync();
                    break;
            }
        }

        await client.SyncAsync();
        client.AssertHolds(await OfflineClient.Truth(reader), "after the operations");
    }
}
