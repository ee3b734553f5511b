using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Xunit.Abstractions;

namespace NewsApi.Tests.Contract;

/// <summary>
/// Contract fuzzing: every operation of the served OpenAPI document gets generated requests (valid values from its
/// schemas, real slugs and ids, edge values and hostile ones), and every answer must keep the contract:
/// <list type="number">
/// <item>no 5xx, ever;</item>
/// <item>every 4xx is application/problem+json with a status and a title (and matches its documented schema);</item>
/// <item>every 2xx has a documented content type and its JSON body matches the documented schema;</item>
/// <item>the status is one the operation documents (304 only for a conditional request);</item>
/// <item>no commenter's e-mail address appears in any answer of a public route.</item>
/// </list>
/// A failure is shrunk by CsCheck to a simplest failing request and reported with its seed. To replay it:
/// <c>CsCheck_Seed=&lt;seed&gt; NEWSAPI_FUZZ_OPERATION=&lt;operationId&gt; dotnet test tests/NewsApi.Tests --filter FullyQualifiedName~ContractFuzz</c>
/// (the seed replays the same request; the operation variable runs that operation alone). <c>CsCheck_Iter=N</c>
/// runs N requests per operation instead of <see cref="RequestsPerOperation"/> for a longer hunt, and
/// <c>NEWSAPI_FUZZ_TRACE=1</c> prints every request with its answer.
/// </summary>
public sealed class ContractFuzzTests(ContractFuzzFixture fuzz, ITestOutputHelper output) : IClassFixture<ContractFuzzFixture>
{
    private const int RequestsPerOperation = 100;

    // NEWSAPI_FUZZ_TRACE=1 writes every request and its answer to the test output, to see what the generators reach.
    private static readonly bool Trace = Environment.GetEnvironmentVariable("NEWSAPI_FUZZ_TRACE") == "1";

    [Fact]
    public async Task Generated_requests_to_every_documented_operation_keep_the_contract()
    {
        var only = Environment.GetEnvironmentVariable("NEWSAPI_FUZZ_OPERATION");
        // Deletes go last, so the content they remove is still there for the other writes to change.
        var operations = fuzz.Contract.Operations.Where(o => string.IsNullOrEmpty(only) || o.OperationId == only)
            .OrderBy(o => o.Method == "DELETE").ToList();
        Assert.NotEmpty(operations);
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), CultureInfo.InvariantCulture, out var iter) ? iter : RequestsPerOperation;
        var requests = new FuzzRequests(fuzz.Contract, fuzz.Pools, ContractFuzzFixture.ReaderEmail);
        var sent = 0;
        var failures = new List<string>();
        // Status classes per operation, printed so a run shows that valid requests get through, not only refusals.
        var answered = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();

        foreach (var operation in operations)
        {
            try
            {
                await requests.For(operation).SampleAsync(async request =>
                {
                    Interlocked.Increment(ref sent);
                    var status = await CheckAsync(request);
                    answered.AddOrUpdate($"{operation.OperationId} {status / 100}xx", 1, (_, n) => n + 1);
                }, iter: iterations);
            }
            catch (CsCheckException failure)
            {
                failures.Add($"{operation}: {failure.InnerException?.Message}\n{failure.Message}");
            }
        }

        foreach (var operation in operations)
        {
            var classes = new[] { 2, 3, 4, 5 }.Select(c => $"{c}xx {answered.GetValueOrDefault($"{operation.OperationId} {c}xx")}");
            output.WriteLine($"  {operation.OperationId}: {string.Join(", ", classes)}");
        }

        output.WriteLine($"Contract fuzzing: {sent} requests to {operations.Count} operations ({iterations} generated per operation, plus shrinking) in {clock.Elapsed.TotalSeconds:F1} s.");
        Assert.True(failures.Count == 0, $"{failures.Count} operation(s) broke the contract:\n\n" + string.Join("\n\n", failures));
    }

    /// <summary>Sends the request and checks the answer against the five properties; returns its status.</summary>
    private async Task<int> CheckAsync(FuzzRequest request)
    {
        using var message = request.ToMessage(key => fuzz.Secret(key, request.Operation));
        foreach (var header in new[] { "If-Match", "If-None-Match" })
        {
            if (message.Headers.TryGetValues(header, out var values) && values.Contains(FuzzRequests.CurrentETag))
            {
                // A validator of the moment: read the resource as a client would, just before sending (an edit's
                // If-Match names the article, a revalidation's If-None-Match the same URL).
                message.Headers.Remove(header);
                using var read = new HttpRequestMessage(HttpMethod.Get, request.Operation.Method == "GET" ? request.Url : request.Url.Split('?')[0]);
                if (fuzz.Secret(header == "If-Match" ? FuzzKey.AllScopes : request.Key, request.Operation) is { } key)
                {
                    read.Headers.Authorization = new("Bearer", key);
                }

                using var current = await fuzz.Client.SendAsync(read);
                message.Headers.TryAddWithoutValidation(header, current.Headers.ETag?.ToString() ?? "\"none\"");
            }
        }

        using var response = await fuzz.Client.SendAsync(message);
        var status = (int)response.StatusCode;
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var body = Encoding.UTF8.GetString(bytes);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var operation = request.Operation;

        if (Trace)
        {
            output.WriteLine($"{status} {request.Operation.Method} {request.Url} -> {Shorten(body)}");
        }

        Violation.Unless(status < 500, $"answered {status}: {Shorten(body)}");
        Violation.Unless(operation.Responses.ContainsKey(status),
            $"answered {status}, which the operation does not document (documented: {string.Join(", ", operation.Responses.Keys)}): {Shorten(body)}");
        Violation.Unless(status != 304 || request.IsConditional, "answered 304 to a request that was not conditional");

        var documented = operation.Responses[status];
        if (status is >= 400 and < 500)
        {
            Violation.Unless(mediaType == "application/problem+json", $"answered {status} as '{mediaType}', not application/problem+json: {Shorten(body)}");
            var problem = Parse(body, status);
            Violation.Unless(problem.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() == status,
                $"problem body has no status {status}: {Shorten(body)}");
            Violation.Unless(problem.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0,
                $"problem body has no title: {Shorten(body)}");
        }

        if (documented.Content.Count == 0)
        {
            Violation.Unless(bytes.Length == 0, $"answered {status} with a body the document does not describe: {Shorten(body)}");
        }
        else if (status is < 300 or >= 400)
        {
            Violation.Unless(mediaType is not null && documented.Content.ContainsKey(mediaType),
                $"answered {status} as '{mediaType}'; documented: {string.Join(", ", documented.Content.Keys)}");
            if (mediaType!.EndsWith("json", StringComparison.Ordinal))
            {
                var errors = fuzz.Contract.Schemas.Validate(Parse(body, status), documented.Content[mediaType]);
                Violation.Unless(errors.Count == 0, $"{status} body does not match its documented schema:\n  {string.Join("\n  ", errors.Take(10))}");
            }
        }

        if (!operation.IsAdmin)
        {
            var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
            foreach (var email in fuzz.PrivateEmails)
            {
                Violation.Unless(!(body + headers).Contains(email, StringComparison.OrdinalIgnoreCase),
                    $"a public route showed the commenter's e-mail address {email}");
            }
        }

        return status;
    }

    private static JsonElement Parse(string body, int status)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Violation($"answered {status} with a body that is not JSON: {Shorten(body)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    /// <summary>A broken property; CsCheck shrinks on any exception and prints the request with the seed.</summary>
    private sealed class Violation(string message) : Exception(message)
    {
        public static void Unless(bool condition, string message)
        {
            if (!condition)
            {
                throw new Violation(message);
            }
        }
    }
}
