using System.Net;
using System.Text.Json.Nodes;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Sync;

/// <summary>
/// What a mobile app does with the sync feed: keeps every article it was sent under its id, drops what it is told to
/// drop, and remembers <c>next</c>. <see cref="Truth"/> is what the public API itself says is public now, to compare with.
/// </summary>
public sealed class OfflineClient(HttpClient http, int? limit = null)
{
    public Dictionary<int, JsonNode> Articles { get; } = [];

    public string? Token { get; private set; }

    /// <summary>Calls while <c>hasMore</c>, applying every answer in order.</summary>
    public async Task SyncAsync()
    {
        for (var pages = 0; await PageAsync(); pages++)
        {
            Assert.True(pages < 10_000, "The sync feed never said hasMore: false.");
        }
    }

    /// <summary>One call; returns its <c>hasMore</c>.</summary>
    public async Task<bool> PageAsync()
    {
        var query = new List<string>();
        if (Token is not null)
        {
            query.Add("token=" + Uri.EscapeDataString(Token));
        }

        if (limit is not null)
        {
            query.Add("limit=" + limit);
        }

        var response = await http.GetAsync("/api/v1/sync" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/sync answered {(int)response.StatusCode}: {body.ToJsonString()}");
        var items = body["items"]!.AsArray();
        Assert.True(limit is null || items.Count <= limit, $"{items.Count} items with limit={limit}.");
        var seen = new HashSet<int>();
        foreach (var item in items)
        {
            var kind = item!["kind"]!.GetValue<string>();
            var id = kind == "upsert" ? item["article"]!["id"]!.GetValue<int>() : item["id"]!.GetValue<int>();
            Assert.True(seen.Add(id), $"Article {id} came twice in one answer.");
            if (kind == "upsert")
            {
                Articles[id] = item["article"]!.DeepClone();
            }
            else
            {
                Assert.Equal("delete", kind);
                Articles.Remove(id);
            }
        }

        Token = body["next"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(Token));
        return body["hasMore"]!.GetValue<bool>();
    }

    /// <summary>Every public article as the public API answers it: ids from the list, each one's detail by id.</summary>
    public static async Task<Dictionary<int, JsonNode>> Truth(HttpClient http)
    {
        var ids = new List<int>();
        for (var page = 1; ; page++)
        {
            var list = JsonNode.Parse(await (await http.GetAsync($"/api/v1/articles?pageSize=100&page={page}")).JsonTextAsync())!;
            var items = list["items"]!.AsArray();
            ids.AddRange(items.Select(item => item!["id"]!.GetValue<int>()));
            if (items.Count < 100)
            {
                break;
            }
        }

        var articles = new Dictionary<int, JsonNode>();
        foreach (var id in ids)
        {
            articles[id] = JsonNode.Parse(await (await http.GetAsync($"/api/v1/articles/{id}")).JsonTextAsync())!;
        }

        return articles;
    }

    /// <summary>Fails naming every article the client holds wrongly, lacks, or holds but should not.</summary>
    public void AssertHolds(Dictionary<int, JsonNode> truth, string context)
    {
        var missing = truth.Keys.Except(Articles.Keys).Order().ToList();
        var extra = Articles.Keys.Except(truth.Keys).Order().ToList();
        var stale = truth.Keys.Intersect(Articles.Keys).Where(id => !JsonNode.DeepEquals(truth[id], Articles[id])).Order().ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && stale.Count == 0,
            $"{context}: the synced client lacks [{string.Join(", ", missing)}], holds unpublished [{string.Join(", ", extra)}], "
            + $"holds stale [{string.Join(", ", stale)}]"
            + (stale.Count > 0 ? $"\n  public: {truth[stale[0]].ToJsonString()}\n  synced: {Articles[stale[0]].ToJsonString()}" : ""));
    }
}

internal static class SyncHttp
{
    public static async Task<string> JsonTextAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return text;
    }
}
