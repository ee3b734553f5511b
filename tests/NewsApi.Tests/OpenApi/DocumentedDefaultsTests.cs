using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NewsApi.Admin;
using NewsApi.Tests.Contract;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.OpenApi;

/// <summary>
/// Every default the served OpenAPI document declares for a query parameter is what the service does when the
/// parameter is left out: the answer without it is the answer with the default sent, and where the answer shows the
/// value (<c>page</c>, <c>pageSize</c> of lists) it is the documented one.
/// </summary>
public sealed class DocumentedDefaultsTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Fact]
    public async Task Omitting_a_query_parameter_with_a_documented_default_serves_that_default()
    {
        using var reader = factory.CreateClient();
        using var staff = factory.CreateClientWithKey([.. ApiKeyStore.KnownScopes]);
        // Webhook subscription 1, whose deliveries list is one of the GETs with defaults.
        (await staff.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = "https://93.184.215.14/hook", events = new[] { "article.published" } })).EnsureSuccessStatusCode();
        var contract = await ServedContract.LoadAsync(reader);
        var checkedDefaults = new List<string>();

        foreach (var operation in contract.Operations.Where(o => o.Method == "GET"))
        {
            var client = operation.IsAdmin ? staff : reader;
            var path = operation.Path.Replace("{slug}", "1", StringComparison.Ordinal).Replace("{id}", "1", StringComparison.Ordinal);
            var required = operation.Parameters.Where(p => p.In == "query" && p.Required).Select(p => $"{p.Name}={Uri.EscapeDataString(RequiredValue(p.Name))}").ToList();
            foreach (var parameter in operation.Parameters.Where(p => p.In == "query" && p.Schema.ValueKind == JsonValueKind.Object && p.Schema.TryGetProperty("default", out _)))
            {
                var documented = parameter.Schema.GetProperty("default");
                var omitted = await BodyAsync(client, path, required, operation);
                var sent = await BodyAsync(client, path, [.. required, $"{parameter.Name}={Uri.EscapeDataString(documented.ToString())}"], operation);

                Assert.True(omitted == sent, $"{operation}: leaving out {parameter.Name} is not the same as sending its documented default {documented}");
                using var answer = JsonDocument.Parse(omitted);
                if (parameter.Name is "page" or "pageSize" && answer.RootElement.TryGetProperty(parameter.Name, out var shown))
                {
                    Assert.True(shown.GetInt32() == documented.GetInt32(), $"{operation}: {parameter.Name} is {shown} when left out, documented {documented}");
                }

                checkedDefaults.Add($"{operation.OperationId}.{parameter.Name}");
            }
        }

        Assert.Contains("listTags.pageSize", checkedDefaults);
        Assert.Contains("listAuthors.pageSize", checkedDefaults);
        Assert.Contains("listArticles.pageSize", checkedDefaults);
    }

    private static string RequiredValue(string name) => name switch
    {
        "q" => "الروسي",
        "path" => "/?p=1", // GET /api/v1/redirects (issue 17): it has no parameter with a default
        _ => throw new InvalidOperationException($"No value known for the required query parameter '{name}': add one here."),
    };

    private static async Task<string> BodyAsync(HttpClient client, string path, List<string> query, ContractOperation operation)
    {
        var uri = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        using var response = await client.GetAsync(uri);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: GET {uri} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
