using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using NewsApi.Articles;
using NewsApi.Http;
using NewsApi.Observability;

namespace NewsApi.Search;

/// <summary>Why a search was not let in.</summary>
public enum SearchRefusal
{
    None,

    /// <summary>
    /// Every search slot is taken (<c>NewsApi:Search:MaxConcurrentSearches</c>) and so many searches already wait for
    /// one (<c>NewsApi:Search:MaxQueuedSearches</c>).
    /// </summary>
    Busy,

    /// <summary>The client address has used its searches of the window (<c>NewsApi:Search:RateLimit</c>).</summary>
    RateLimited,
}

/// <summary>
/// Lets full-text searches reach the engine. A search whose words and filters nobody asked before is a full scan of
/// their matches that no cache answers, so distinct searches from a few clients could otherwise occupy every thread
/// and starve readers of cached pages: each client address gets its own budget of searches, and only so many run at
/// once over all clients, with a short queue for a slot in front of them. Only searches that reach the engine count
/// (the output cache, 304s and validation answer before this is asked). The budget per address is counted in this
/// process or, with <c>ConnectionStrings:Redis</c>, across every instance (<see cref="SharedLimits"/>); the searches
/// running and waiting are this process's own, since they measure this process's threads.
/// </summary>
public sealed class SearchAdmission : IDisposable
{
    /// <summary>What a busy answer asks a client to wait: a search takes milliseconds, so a slot is soon free.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ClientRateLimiter _perClient;
    private readonly ConcurrencyLimiter? _running;
    private readonly int _queueLimit;
    private readonly SearchThreads? _threads;
    private readonly NewsApiMetrics _metrics;

    public SearchAdmission(IOptions<NewsApiOptions> options, SharedLimits limits, NewsApiMetrics metrics)
    {
        var settings = options.Value.Search;
        _perClient = limits.RateLimiter("search", settings.RateLimit);
        _metrics = metrics;
        if (settings.MaxConcurrentSearches > 0)
        {
            // A search that finds every slot taken waits for one, oldest first, rather than being refused at once: a
            // busy client then sends its next search when its last is answered instead of a stream of refusals, which
            // took the cores from cached reads (bench.sh: some 4,700 refusals a second from 12 searching clients, and
            // a cached article's p99 over 10 ms). Waiting costs no thread (the wait is asynchronous) and little time:
            // searches take milliseconds, so a queue of eight per slot is some tens of milliseconds at most.
            _queueLimit = Math.Max(settings.MaxQueuedSearches, 0);
            _running = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = settings.MaxConcurrentSearches,
                QueueLimit = _queueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            _threads = new SearchThreads(settings.MaxConcurrentSearches);
        }
    }

    /// <summary>Searches waiting for a slot now.</summary>
    internal long QueuedSearches => _running?.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>
    /// Runs an admitted search: on a search thread of lower priority (<see cref="SearchThreads"/>), one per slot, or
    /// with no cap on concurrent searches (<c>MaxConcurrentSearches</c> 0) where it was called.
    /// </summary>
    public Task<T> RunAsync<T>(Func<Task<T>> search) => _threads is null ? search() : _threads.Run(search);

    /// <summary>
    /// A slot for one search (dispose it when the search is done), or the refusal and how long to wait. A free slot is
    /// taken at once. Otherwise a full queue is refused as busy before the client's permit is asked, so a client turned
    /// away as busy keeps its permit (but for one that finds the queue filled while it asked); and the permit is asked
    /// before the client joins the queue, so a client over its budget never holds a place in it.
    /// </summary>
    /// <param name="aborted">The request's: a client that gives up leaves the queue (the wait ends in
    /// <see cref="OperationCanceledException"/>, which the framework takes for the aborted request it is).</param>
    public async ValueTask<(IDisposable? Slot, SearchRefusal Refusal, TimeSpan RetryAfter)> TryEnterAsync(
        string? clientAddress, CancellationToken aborted = default)
    {
        var slot = _running?.AttemptAcquire();
        if (slot is { IsAcquired: false })
        {
            slot.Dispose();
            slot = null;
            if (_running!.GetStatistics()!.CurrentQueuedCount >= _queueLimit)
            {
                return (null, SearchRefusal.Busy, BusyRetryAfter);
            }
        }

        TimeSpan? wait;
        try
        {
            wait = await _perClient.TryAcquireAsync(clientAddress);
        }
        catch
        {
            slot?.Dispose();
            throw;
        }

        if (wait is { } retryAfter)
        {
            slot?.Dispose();
            return (null, SearchRefusal.RateLimited, retryAfter);
        }

        if (_running is null)
        {
            return (null, SearchRefusal.None, TimeSpan.Zero);
        }

        if (slot is not null)
        {
            _metrics.SearchQueued(TimeSpan.Zero);
            return (slot, SearchRefusal.None, TimeSpan.Zero);
        }

        var queued = System.Diagnostics.Stopwatch.GetTimestamp();
        slot = await _running.AcquireAsync(1, aborted);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            return (null, SearchRefusal.Busy, BusyRetryAfter);
        }

        _metrics.SearchQueued(System.Diagnostics.Stopwatch.GetElapsedTime(queued));
        return (slot, SearchRefusal.None, TimeSpan.Zero);
    }

    public void Dispose()
    {
        _perClient.Dispose();
        _running?.Dispose();
        _threads?.Dispose();
    }
}

/// <summary>
/// Asks <see cref="SearchAdmission"/> before a handler that searches (its <see cref="ArticleFilterQuery"/> has
/// search text) and holds the slot while it runs (waiting for one in the queue first when every slot is taken); answers
/// 429 (rate limit) or 503 (busy: every slot taken and the queue full) with <c>Retry-After</c>.
/// </summary>
public sealed class SearchAdmissionFilter(SearchAdmission admission, NewsApiMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<ArticleFilterQuery>().FirstOrDefault()?.SearchText() is null)
        {
            return await next(context);
        }

        var (slot, refusal, retryAfter) = await admission.TryEnterAsync(ClientAddress.Of(context.HttpContext), context.HttpContext.RequestAborted);
        using (slot)
        {
            return refusal switch
            {
                SearchRefusal.Busy => Problems.RetryLater(context.HttpContext, StatusCodes.Status503ServiceUnavailable, retryAfter, Messages.SearchBusy),
                SearchRefusal.RateLimited => Problems.RetryLater(context.HttpContext, StatusCodes.Status429TooManyRequests, retryAfter, Messages.SearchRateLimited),
                _ => await TimedAsync(context, next),
            };
        }
    }

    // Search latency (newsapi.search.duration) is taken here, around the handler of an admitted search: the one door of
    // every search that reaches the engine. Cached answers, 304s and refusals never get this far. The handler runs on
    // a search thread; the answer it returns is written on the request's own.
    private async ValueTask<object?> TimedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await admission.RunAsync(() => next(context).AsTask());
        }
        finally
        {
            metrics.SearchCompleted(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }
}

public static class SearchAdmissionExtensions
{
    /// <summary>
    /// Searches of this route go through <see cref="SearchAdmission"/>; documents its 429 and 503. Add it after the
    /// validation filter, so that a refused request costs no permit.
    /// </summary>
    public static RouteHandlerBuilder AdmitsSearches(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<SearchAdmissionFilter>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
