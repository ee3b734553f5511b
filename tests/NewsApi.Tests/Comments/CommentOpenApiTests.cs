using System.Text.Json.Nodes;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Comments;

public sealed class CommentOpenApiTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private async Task<JsonNode> DocumentAsync() =>
        JsonNode.Parse(await (await factory.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;

    [Fact]
    public async Task Submitting_documents_every_refusal_with_an_Arabic_example_the_honeypot_and_the_headers()
    {
        var document = await DocumentAsync();
        var post = document["paths"]!["/api/v1/articles/{slug}/comments"]!["post"]!;
        var responses = post["responses"]!;

        Assert.Equal("submitComment", (string?)post["operationId"]);
        Assert.NotNull(responses["202"]!["content"]!["application/json"]);
        Assert.NotNull(responses["202"]!["headers"]!["Idempotent-Replayed"]);
        Assert.NotNull(responses["400"]!["content"]!["application/problem+json"]);
        Assert.Null(responses["409"]);
        foreach (var status in new[] { "403", "413", "415", "422", "429" })
        {
            var example = responses[status]!["content"]!["application/problem+json"]!["example"]!;
            Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), (int)example["status"]!);
            Assert.Matches(@"\p{IsArabic}", (string?)example["detail"]);
        }

        Assert.NotNull(responses["404"]);
        Assert.NotNull(responses["429"]!["headers"]!["Retry-After"]);
        Assert.Contains(post["parameters"]!.AsArray(), p => (string?)p!["name"] == "Idempotency-Key");
        Assert.Contains(post["parameters"]!.AsArray(), p => (string?)p!["name"] == "X-Commenter-Token" && (string?)p!["in"] == "header");
        var accepted = document["components"]!["schemas"]![((string)responses["202"]!["content"]!["application/json"]!["schema"]!["$ref"]!).Split('/')[^1]]!;
        Assert.Contains("X-Commenter-Token", (string?)accepted["properties"]!["commenterToken"]!["description"], StringComparison.Ordinal);
        Assert.Contains("commenterToken", accepted["required"]!.AsArray().Select(n => (string?)n));
        var reference = (string)post["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!;
        var request = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        Assert.Contains("Honeypot", (string?)request["properties"]!["website"]!["description"], StringComparison.Ordinal);
        Assert.False((bool)request["additionalProperties"]!);
    }

    [Fact]
    public async Task Moderation_routes_are_documented_with_their_scope()
    {
        var paths = (await DocumentAsync())["paths"]!;

        foreach (var (path, method) in new[] { ("/api/v1/admin/comments", "get"), ("/api/v1/admin/comments/{id}", "patch"), ("/api/v1/admin/comments/{id}", "delete") })
        {
            var operation = paths[path]![method]!;
            Assert.Contains("comments:moderate", (string?)operation["description"], StringComparison.Ordinal);
            Assert.NotNull(operation["responses"]!["401"]);
            Assert.NotNull(operation["responses"]!["403"]);
        }
    }
}
