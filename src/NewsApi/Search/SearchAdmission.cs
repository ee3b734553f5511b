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

    /// <summary>Every search slot is taken (<c>NewsApi:Search:MaxConcurrentSearches</c>).</summary>
    Busy,

    /// <summary>The client address has used its searches of the window (<c>NewsApi:Search:RateLimit</c>).</summary>
    RateLimited,
}

/// <summary>
/// Lets full-text searches reach the engine. A search whose words and filters nobody asked before is a full scan of
/// their matches that no cache answers, so distinct searches from a few clients could otherwise occupy every thread
/// and starve readers of cached pages: each client address gets its own budget of searches, and only so many run at
/// once over all clients. Only searches that reach the engine count (the output cache, 304s and validation answer
/// before this is asked). The budget per address is counted in this process or, with <c>ConnectionStrings:Redis</c>,
/// across every instance (<see cref="SharedLimits"/>); the searches running at once are this process's own, since
/// they measure this process's threads.
/// </summary>
public sealed class SearchAdmission : IDisposable
{
    /// <summary>What a busy answer asks a client to wait: a search takes milliseconds, so a slot is soon free.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ClientRateLimiter _perClient;
    private readonly ConcurrencyLimiter? _running;
    private readonly SearchThreads? _threads;

    public SearchAdmission(IOptions<NewsApiOptions> options, SharedLimits limits)
    {
        var settings = options.Value.Search;
        _perClient = limits.RateLimiter("search", settings.RateLimit);
        if (settings.MaxConcurrentSearches > 0)
        {
            _running = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = settings.MaxConcurrentSearches, QueueLimit = 0 });
            _threads = new SearchThreads(settings.MaxConcurrentSearches);
        }
    }

    /// <summary>
    /// Runs an admitted search: on a search thread of lower priority (<see cref="SearchThreads"/>), one per slot, or
    /// with no cap on concurrent searches (<c>MaxConcurrentSearches</c> 0) where it was called.
    /// </summary>
    public Task<T> RunAsync<T>(Func<Task<T>> search) => _threads is null ? search() : _threads.Run(search);

    /// <summary>
    /// A slot for one search (dispose it when the search is done), or the refusal and how long to wait. The slot is
    /// asked first, so a client turned away as busy keeps its permit for when a slot is free.
    /// </summary>
    public async ValueTask<(IDisposable? Slot, SearchRefusal Refusal, TimeSpan RetryAfter)> TryEnterAsync(string? clientAddress)
    {
        var slot = _running?.AttemptAcquire();
        if (slot is { IsAcquired: false })
        {
            slot.Dispose();
            return (null, SearchRefusal.Busy, BusyRetryAfter);
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
/// search text) and holds the slot while it runs; answers 429 (rate limit) or 503 (busy) with <c>Retry-After</c>.
/// </summary>
public sealed class SearchAdmissionFilter(SearchAdmission admission, NewsApiMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<ArticleFilterQuery>().FirstOrDefault()?.SearchText() is null)
        {
            return await next(context);
        }

        var (slot, refusal, retryAfter) = await admission.TryEnterAsync(ClientAddress.Of(context.HttpContext));
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
