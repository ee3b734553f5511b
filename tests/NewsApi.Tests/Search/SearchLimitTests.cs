using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Search;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// Through a real Kestrel socket on 127.0.0.1, so that client addresses are real (from a trusted loopback proxy's
/// X-Forwarded-For): each address has its own budget of searches, shared by /search and /articles?q=, and only
/// searches that reach the engine spend it.
/// </summary>
public sealed class SearchRateLimitTests : IDisposable
{
    private readonly NewsApiFactory _factory;
    private readonly HttpClient _client;

    public SearchRateLimitTests()
    {
        _factory = new NewsApiFactory()
            .With("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0")
            .With("NewsApi:Search:RateLimit:PermitLimit", "2")
            .With("NewsApi:Search:RateLimit:WindowSeconds", "3600");
        _factory.UseKestrel();
        _factory.StartServer();
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private Task<HttpResponseMessage> GetAsync(string path, string clientAddress, string language = "en")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", clientAddress);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return _client.SendAsync(request);
    }

    private static string Search(string words) => "/api/v1/search?q=" + Uri.EscapeDataString(words);

    [Fact]
    public async Task A_client_past_its_searches_gets_429_with_Retry_After_while_other_clients_and_cached_answers_go_on()
    {
        Assert.Equal("127.0.0.1", _client.BaseAddress!.Host);
        var first = await GetAsync(Search("كوريا"), "203.0.113.5");
        var cachedRepeat = await GetAsync(Search("كوريا"), "203.0.113.5");
        var invalid = await GetAsync("/api/v1/search?q=", "203.0.113.5");
        var second = await GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString("الدفاع"), "203.0.113.5");
        var third = await GetAsync(Search("بيلوسوف"), "203.0.113.5");
        var thirdByList = await GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString("بيلوسوف"), "203.0.113.5", "ar");
        var plainList = await GetAsync("/api/v1/articles", "203.0.113.5");
        var otherClient = await GetAsync(Search("بيلوسوف"), "203.0.113.6");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cachedRepeat.StatusCode);
        Assert.NotNull(cachedRepeat.Headers.Age); // served by the output cache: it spent no search
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode); // refused before the engine: no search either
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var refused = await third.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many searches from your address. Retry after the time in Retry-After.", refused.GetProperty("detail").GetString());
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {third.Headers.RetryAfter}");
        var refusedInArabic = await thirdByList.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("عمليات بحث كثيرة جدًا من عنوانك. أعد المحاولة بعد المدة المذكورة في Retry-After.", refusedInArabic.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, plainList.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }
}

/// <summary>
/// The cap on searches running at once, and the queue for a slot in front of it. A search holds its slot while the
/// engine works; the tests hold the only slot themselves, through the same admission, so the outcome does not depend on
/// how fast a search runs.
/// </summary>
public sealed class SearchConcurrencyTests : IDisposable
{
    private readonly NewsApiFactory _factory = new NewsApiFactory()
        .With("NewsApi:Search:MaxConcurrentSearches", "1")
        .With("NewsApi:Search:MaxQueuedSearches", "1");

    public void Dispose() => _factory.Dispose();

    private static string Search(string words) => "/api/v1/search?q=" + Uri.EscapeDataString(words);

    [Fact]
    public async Task While_every_slot_is_taken_a_search_waits_for_one_and_once_the_queue_is_full_the_next_is_503_with_Retry_After()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Search("كوريا"))).StatusCode);
        var admission = _factory.Services.GetRequiredService<SearchAdmission>();

        var (slot, refusal, _) = await admission.TryEnterAsync("203.0.113.7");
        Assert.Equal(SearchRefusal.None, refusal);
        Task<HttpResponseMessage> waiting;
        HttpResponseMessage busy, busyList, cachedSearch, plainList, article;
        using (slot)
        {
            waiting = client.GetAsync(Search("بيلوسوف"));
            await Eventually.HoldsAsync(() => Task.FromResult(admission.QueuedSearches == 1), "a search waiting in the queue");
            busy = await client.GetAsync(Search("زيارة"));
            busyList = await client.GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString("زيارة"));
            cachedSearch = await client.GetAsync(Search("كوريا"));
            plainList = await client.GetAsync("/api/v1/articles");
            article = await client.GetAsync("/api/v1/articles/1");
            Assert.False(waiting.IsCompleted, "the waiting search was answered while the only slot was held");
        }

        var waited = await waiting;
        var afterwards = await client.GetAsync(Search("زيارة"));

        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
        Assert.Contains("بيلوسوف", await waited.Content.ReadAsStringAsync());
        var problem = await busy.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Too many searches are running right now. Retry after the time in Retry-After.", problem.GetProperty("detail").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), busy.Headers.RetryAfter?.Delta);
        await busyList.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, cachedSearch.StatusCode);
        Assert.NotNull(cachedSearch.Headers.Age);
        Assert.Equal(HttpStatusCode.OK, plainList.StatusCode);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(0, admission.QueuedSearches);
    }

    [Fact]
    public async Task A_client_over_its_budget_never_joins_the_queue_and_one_turned_away_as_busy_keeps_its_permit()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new NewsApiOptions
        {
            Search = { MaxConcurrentSearches = 1, MaxQueuedSearches = 1, RateLimit = { PermitLimit = 1, WindowSeconds = 3600 } },
        });
        using var admission = new SearchAdmission(options, new NewsApi.Http.SharedLimits(null), _factory.Services.GetRequiredService<NewsApi.Observability.NewsApiMetrics>());

        var (running, _, _) = await admission.TryEnterAsync("203.0.113.1");
        var (_, overBudget, _) = await admission.TryEnterAsync("203.0.113.1");
        var queuedAfterOverBudget = admission.QueuedSearches;
        var waiting = admission.TryEnterAsync("203.0.113.2").AsTask();
        await Eventually.HoldsAsync(() => Task.FromResult(admission.QueuedSearches == 1), "a search waiting in the queue");
        var (_, busy, busyRetryAfter) = await admission.TryEnterAsync("203.0.113.3");
        Assert.False(waiting.IsCompleted, "the queued search was let in while the only slot was held");
        running!.Dispose();
        var (admitted, waitedRefusal, _) = await waiting;
        admitted!.Dispose();
        var (again, busyClientLater, _) = await admission.TryEnterAsync("203.0.113.3");
        again?.Dispose();

        Assert.Equal(SearchRefusal.RateLimited, overBudget);
        Assert.Equal(0, queuedAfterOverBudget);
        Assert.Equal(SearchRefusal.Busy, busy);
        Assert.Equal(SearchAdmission.BusyRetryAfter, busyRetryAfter);
        Assert.Equal(SearchRefusal.None, waitedRefusal);
        Assert.Equal(SearchRefusal.None, busyClientLater); // its permit was not spent on the busy answer
    }

    [Fact]
    public async Task A_client_that_gives_up_leaves_the_queue()
    {
        var admission = _factory.Services.GetRequiredService<SearchAdmission>();
        var (running, _, _) = await admission.TryEnterAsync(null);
        using var giveUp = new CancellationTokenSource();
        var waiting = admission.TryEnterAsync(null, giveUp.Token).AsTask();
        await Eventually.HoldsAsync(() => Task.FromResult(admission.QueuedSearches == 1), "a search waiting in the queue");

        giveUp.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, admission.QueuedSearches);
        running!.Dispose();
        var (next, refusal, _) = await admission.TryEnterAsync(null);
        next?.Dispose();
        Assert.Equal(SearchRefusal.None, refusal);
    }

    [Fact]
    public async Task Each_search_gives_its_slot_back_when_it_is_done()
    {
        var client = _factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var words in new[] { "كوريا", "الدفاع", "بيلوسوف", "الروسى", "زيارة" })
        {
            statuses.Add((await client.GetAsync(Search(words))).StatusCode);
            statuses.Add((await client.GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString(words))).StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        var (slot, refusal, _) = await _factory.Services.GetRequiredService<SearchAdmission>().TryEnterAsync(null);
        slot?.Dispose();
        Assert.Equal(SearchRefusal.None, refusal);
    }

    [Fact]
    public async Task An_admitted_search_runs_on_a_search_thread_of_lower_priority_and_what_awaits_it_goes_on_elsewhere()
    {
        var admission = _factory.Services.GetRequiredService<SearchAdmission>();
        var callerNice = SearchThreads.NiceOfThisThread();

        var (before, niceInside, afterAwaitInside) = await admission.RunAsync(async () =>
        {
            var name = Thread.CurrentThread.Name;
            var nice = SearchThreads.NiceOfThisThread();
            await Task.Yield(); // an await inside the search goes on on a search thread too
            return (name, nice, Thread.CurrentThread.Name);
        });

        Assert.Equal("search 1", before);
        Assert.Equal("search 1", afterAwaitInside);
        Assert.NotEqual("search 1", Thread.CurrentThread.Name);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Math.Min(19, callerNice!.Value + SearchThreads.NiceIncrement), niceInside);
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => admission.RunAsync<int>(() => throw new InvalidOperationException("the search failed")));
        Assert.Equal("the search failed", failure.Message);
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync(Search("زيارة"))).StatusCode);
    }

    [Fact]
    public async Task Without_a_cap_a_search_runs_where_it_was_called()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new NewsApiOptions { Search = { MaxConcurrentSearches = 0 } });
        using var admission = new SearchAdmission(options, new NewsApi.Http.SharedLimits(null), _factory.Services.GetRequiredService<NewsApi.Observability.NewsApiMetrics>());
        var caller = Environment.CurrentManagedThreadId;

        var inside = await admission.RunAsync(() => Task.FromResult(Environment.CurrentManagedThreadId));

        Assert.Equal(caller, inside);
    }

    [Fact]
    public async Task The_search_operations_document_429_and_503_with_Retry_After()
    {
        var contract = await Contract.ServedContract.LoadAsync(_factory.CreateClient());

        foreach (var id in new[] { "listSearchResults", "listArticles" })
        {
            var operation = contract.Operations.Single(o => o.OperationId == id);
            Assert.Contains(429, operation.Responses.Keys);
            Assert.Contains(503, operation.Responses.Keys);
        }

        var responses = contract.Document.GetProperty("paths").GetProperty("/api/v1/search").GetProperty("get").GetProperty("responses");
        Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.True(responses.GetProperty("503").GetProperty("headers").TryGetProperty("Retry-After", out _));
    }
}
