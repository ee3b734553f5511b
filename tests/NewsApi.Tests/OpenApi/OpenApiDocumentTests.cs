using System.Text.Json;
using System.Text.Json.Nodes;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.OpenApi;

public sealed class OpenApiDocumentTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    /// <summary>Set to 1 to rewrite openapi/v1.json from the running service instead of comparing.</summary>
    private const string UpdateVariable = "NEWSAPI_UPDATE_OPENAPI";

    private static string CommittedPath => Path.Combine(Repository.Root, "openapi", "v1.json");

    private async Task<string> ServedAsync()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return node.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
    }

    [Fact]
    public async Task The_committed_document_is_what_the_service_serves()
    {
        var served = await ServedAsync();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, served);
        }

        var committed = File.Exists(CommittedPath) ? (await File.ReadAllTextAsync(CommittedPath)).ReplaceLineEndings("\n") : "";
        Assert.True(served == committed,
            $"openapi/v1.json differs from /openapi/v1.json. Regenerate it: {UpdateVariable}=1 dotnet test --filter FullyQualifiedName~OpenApiDocumentTests");
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_a_description_and_described_parameters()
    {
        var document = JsonNode.Parse(await ServedAsync())!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!)))
            .ToList();

        Assert.True(operations.Count >= 9);
        Assert.All(operations, op =>
        {
            var name = $"{op.Method} {op.Path}";
            Assert.False(string.IsNullOrWhiteSpace((string?)op.Operation["operationId"]), $"{name}: operationId");
            Assert.False(string.IsNullOrWhiteSpace((string?)op.Operation["summary"]), $"{name}: summary");
            Assert.False(string.IsNullOrWhiteSpace((string?)op.Operation["description"]), $"{name}: description");
            foreach (var parameter in op.Operation["parameters"]?.AsArray() ?? [])
            {
                Assert.False(string.IsNullOrWhiteSpace((string?)parameter!["description"]), $"{name}: parameter {parameter["name"]}");
            }
        });
        var ids = operations.Select(op => (string?)op.Operation["operationId"]).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Lookups_document_their_404_problem_and_lists_their_400_problem()
    {
        var paths = JsonNode.Parse(await ServedAsync())!["paths"]!;

        var article = paths["/api/v1/articles/{slug}"]!["get"]!["responses"]!;
        var list = paths["/api/v1/articles"]!["get"]!["responses"]!;

        Assert.NotNull(article["404"]!["content"]!["application/problem+json"]);
        Assert.NotNull(list["400"]!["content"]!["application/problem+json"]);
        Assert.NotNull(list["304"]);
        Assert.NotNull(list["200"]!["headers"]!["Link"]);
    }

    [Fact]
    public async Task Search_documents_its_required_q_its_hit_shape_and_its_problems()
    {
        var document = JsonNode.Parse(await ServedAsync())!;
        var search = document["paths"]!["/api/v1/search"]!["get"]!;
        var q = search["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "q")!;
        var hit = document["components"]!["schemas"]!["SearchHit"]!;

        Assert.Equal("listSearchResults", (string?)search["operationId"]);
        Assert.True((bool?)q["required"]);
        Assert.NotNull(search["responses"]!["400"]!["content"]!["application/problem+json"]);
        Assert.NotNull(search["responses"]!["304"]);
        Assert.Equal(["article", "snippet"], hit["required"]!.AsArray().Select(n => (string?)n).Order(StringComparer.Ordinal));
        Assert.Contains("<mark>", (string?)hit["example"]!["snippet"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_write_and_every_search_documents_its_503_with_Retry_After_and_no_other_read_does()
    {
        var operations = JsonNode.Parse(await ServedAsync())!["paths"]!.AsObject()
            .Where(path => !path.Key.StartsWith("/health", StringComparison.Ordinal))
            .SelectMany(path => path.Value!.AsObject().Select(op => (Name: $"{op.Key} {path.Key}", Write: op.Key != "get", Responses: op.Value!["responses"]!)))
            .ToList();
        // Reads never write, but searches can find every search slot taken (NewsApi:Search:MaxConcurrentSearches).
        string[] searches = ["get /api/v1/search", "get /api/v1/articles"];

        Assert.Contains(operations, op => op.Write);
        Assert.All(operations, op =>
        {
            var unavailable = op.Responses["503"];
            var mayBeUnavailable = op.Write || searches.Contains(op.Name);
            Assert.True(mayBeUnavailable == unavailable is not null, $"{op.Name}: 503 documented = {unavailable is not null}");
            if (mayBeUnavailable)
            {
                Assert.NotNull(unavailable!["content"]!["application/problem+json"]!["example"]);
                Assert.NotNull(unavailable["headers"]!["Retry-After"]);
            }
        });
    }
}
