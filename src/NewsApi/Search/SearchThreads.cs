using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace NewsApi.Search;

/// <summary>
/// The threads admitted searches run on: one per search slot (<c>NewsApi:Search:MaxConcurrentSearches</c>), each at a
/// lower scheduling priority than the rest of the process (on Linux, a nice value <see cref="NiceIncrement"/> above
/// the process's). A distinct search is milliseconds of CPU that no cache saves; on a machine with few cores a handful
/// of them would otherwise take the cores from the cheap cached reads queued behind them. At a lower priority the
/// kernel runs the reads first whenever both are ready, and gives searches the rest: a search under read load takes
/// longer, a read under search load does not. Only the search itself runs here (the store's queries and snippets);
/// the answer is written by the request's own thread.
/// </summary>
public sealed class SearchThreads : TaskScheduler, IDisposable
{
    /// <summary>
    /// How much lower than the process the search threads run (Linux nice: a thread at +10 weighs about a tenth of one
    /// at +0, so a busy core still gives a search about a tenth of its time: searches slow down, never stop).
    /// </summary>
    public const int NiceIncrement = 10;

    private readonly BlockingCollection<Task> _queue = new();
    private readonly Thread[] _threads;

    public SearchThreads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Serve) { IsBackground = true, Name = $"search {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a search thread. Whatever awaits the returned task goes on on its own scheduler
    /// (the continuation is never run inline on the search thread), so writing the answer keeps the normal priority.
    /// </summary>
    public Task<T> Run<T>(Func<Task<T>> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task.Factory.StartNew(
            async () =>
            {
                try
                {
                    result.SetResult(await work());
                }
                catch (OperationCanceledException canceled)
                {
                    result.SetCanceled(canceled.CancellationToken);
                }
                catch (Exception exception)
                {
                    result.SetException(exception);
                }
            },
            CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);
        return result.Task;
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    protected override void QueueTask(Task task) => _queue.Add(task);

    // A task is run inline only when already on a search thread (an await inside the search finishing at once).
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Array.IndexOf(_threads, Thread.CurrentThread) >= 0 && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Serve()
    {
        LowerPriorityOfThisThread();
        try
        {
            foreach (var task in _queue.GetConsumingEnumerable())
            {
                TryExecuteTask(task);
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed while waiting: the process is stopping.
        }
    }

    public void Dispose() => _queue.CompleteAdding();

    /// <summary>
    /// This thread's nice value as the kernel sees it (Linux), or null elsewhere: for the tests and for operators who ask.
    /// </summary>
    public static int? NiceOfThisThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // /proc/thread-self/stat: "pid (comm) state …"; the nice value is the 19th field, the 17th after the ")".
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    // .NET's Thread.Priority changes nothing on Linux (the default policy ignores static priorities): the nice value,
    // per thread on Linux, is what the scheduler weighs. Raising it needs no privilege. Elsewhere the threads keep the
    // process's priority, and the search slots still bound how many cores searches take.
    private static void LowerPriorityOfThisThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int PrioProcess = 0; // with a thread id as "who", Linux sets that one thread
        var current = NiceOfThisThread() ?? 0;
        _ = SetPriority(PrioProcess, GetThreadId(), Math.Min(19, current + NiceIncrement));
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
