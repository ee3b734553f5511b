using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Sync;

/// <summary>GET /api/v1/sync, case by case: what comes as an upsert or a delete, paging, tokens, caching.</summary>
public sealed class SyncTests : IDisposable
{
    private readonly NewsApiFactory _factory = new NewsApiFactory()
        .With("NewsApi:Comments:Moderation", "auto")
        .With("NewsApi:Comments:RateLimit:PermitLimit", "0")
        .With("NewsApi:Comments:FloodIntervalSeconds", "0");

    private readonly HttpClient _reader;
    private readonly EditorialDesk _desk;

    public SyncTests()
    {
        _reader = _factory.CreateClient();
        _desk = new EditorialDesk(_factory);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_client_starting_from_nothing_gets_every_public_article_the_seed_article_as_its_public_detail()
    {
        var client = new OfflineClient(_reader);
        await client.SyncAsync();

        var seed = Assert.Single(client.Articles.Values, article => article["slug"]!.GetValue<string>() == SeedArticle.Slug);
        Assert.Equal(SeedArticle.Title, seed["title"]!.GetValue<string>());
        Assert.Equal(SeedArticle.CategoryName, seed["category"]!["name"]!.GetValue<string>());
        Assert.Contains(seed["content"]!["blocks"]!.AsArray(), block => block!["text"]?.GetValue<string>() == SeedArticle.SubHeading);
        var detail = JsonNode.Parse(await (await _reader.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonTextAsync())!;
        Assert.True(JsonNode.DeepEquals(detail, seed), "The synced seed article differs from GET /api/v1/articles/{slug}.");
        client.AssertHolds(await OfflineClient.Truth(_reader), "from nothing");
    }

    [Fact]
    public async Task Published_edited_unpublished_and_deleted_articles_come_as_upserts_and_deletes_once_each()
    {
        var client = new OfflineClient(_reader);
        await client.SyncAsync();
        var kept = await _desk.CreateAsync("خبر يبقى", "رياضة");
        var withdrawn = await _desk.CreateAsync("خبر يسحب", "رياضة");
        var deleted = await _desk.CreateAsync("خبر يحذف", "رياضة");
        var draft = await _desk.CreateAsync("مسودة لا تنشر", "رياضة");
        foreach (var id in new[] { kept, withdrawn, deleted })
        {
            await _desk.PublishAsync(id);
        }

        var page = await SyncAsync(client.Token);
        Assert.Equal(new[] { kept, withdrawn, deleted }, Upserts(page).Order());
        Assert.False(page["hasMore"]!.GetValue<bool>());

        await _desk.EditAsync(kept, "خبر يبقى بعنوان جديد", "رياضة");
        await _desk.EditAsync(kept, "خبر يبقى بعنوان ثالث", "رياضة");
        await _desk.EditAsync(draft, "مسودة معدلة", "رياضة");
        await _desk.UnpublishAsync(withdrawn);
        await _desk.DeleteAsync(deleted);
        var changes = await SyncAsync(page["next"]!.GetValue<string>());

        var items = changes["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal("خبر يبقى بعنوان ثالث", Assert.Single(items, i => i!["kind"]!.GetValue<string>() == "upsert")!["article"]!["title"]!.GetValue<string>());
        Assert.Equal(new[] { withdrawn, deleted }, items.Where(i => i!["kind"]!.GetValue<string>() == "delete").Select(i => i!["id"]!.GetValue<int>()).Order());

        // Nothing since: no items, and the same token again.
        var none = await SyncAsync(changes["next"]!.GetValue<string>());
        Assert.Empty(none["items"]!.AsArray());
        Assert.Equal(changes["next"]!.GetValue<string>(), none["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_scheduled_article_comes_when_its_time_comes_not_when_it_is_scheduled()
    {
        var client = new OfflineClient(_reader);
        await client.SyncAsync();
        var id = await _desk.CreateAsync("خبر مجدول", "سياسة");
        await _desk.PublishAsync(id, _factory.Clock.Now.AddMinutes(5));

        await client.SyncAsync();
        Assert.DoesNotContain(id, client.Articles.Keys);

        _factory.Clock.Now = _factory.Clock.Now.AddMinutes(6);
        await client.SyncAsync();
        Assert.Contains(id, client.Articles.Keys);
        client.AssertHolds(await OfflineClient.Truth(_reader), "after the scheduled time");
    }

    [Fact]
    public async Task A_renamed_tag_and_an_approved_comment_bring_the_articles_that_show_them_again()
    {
        var id = await _desk.CreateAsync("خبر بوسم", "انتخابات");
        await _desk.PublishAsync(id);
        var client = new OfflineClient(_reader);
        await client.SyncAsync();

        await _desk.RenameTagAsync("انتخابات", "الانتخابات العامة");
        await client.SyncAsync();
        Assert.Equal("الانتخابات العامة", client.Articles[id]["tags"]![0]!["name"]!.GetValue<string>());

        var comment = await _reader.PostAsJsonAsync($"/api/v1/articles/{id}/comments",
            new { authorName = "قارئ", authorEmail = "reader@example.com", body = "تعليق على الخبر" });
        Assert.Equal(HttpStatusCode.Accepted, comment.StatusCode);
        await client.SyncAsync();
        Assert.Equal(1, client.Articles[id]["commentCount"]!.GetValue<int>());
        client.AssertHolds(await OfflineClient.Truth(_reader), "after the rename and the comment");
    }

    [Fact]
    public async Task Pages_hold_at_most_limit_items_and_hasMore_says_to_go_on()
    {
        for (var n = 0; n < 5; n++)
        {
            await _desk.PublishAsync(await _desk.CreateAsync($"خبر للصفحات {n}", "رياضة"));
        }

        var first = await SyncAsync(null, limit: 2);
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.True(first["hasMore"]!.GetValue<bool>());

        var client = new OfflineClient(_reader, limit: 2);
        await client.SyncAsync();
        client.AssertHolds(await OfflineClient.Truth(_reader), "paged by 2");

        var defaults = await SyncAsync(null);
        Assert.True(defaults["items"]!.AsArray().Count <= 100);
    }

    [Theory]
    [InlineData("en", "not one this API gave out")]
    [InlineData("ar", "ليست مما أعطته هذه الواجهة")]
    public async Task An_altered_or_foreign_token_is_a_400_problem_in_the_clients_language(string language, string message)
    {
        var token = (await SyncAsync(null))["next"]!.GetValue<string>();
        var altered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        string foreign;
        using (var other = new NewsApiFactory())
        {
            using var otherClient = other.CreateClient();
            foreign = JsonNode.Parse(await (await otherClient.GetAsync("/api/v1/sync")).JsonTextAsync())!["next"]!.GetValue<string>();
        }

        // Of a token's length but not base64url (the contract fuzzer found these answered 500).
        var notBase64 = new[] { new string('ك', token.Length), token[..^1] + "!" };
        foreach (var bad in new[] { altered, foreign, token[..^4], "", "not-a-token", token + "A" }.Concat(notBase64))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sync?token=" + Uri.EscapeDataString(bad));
            request.Headers.AcceptLanguage.ParseAdd(language);
            var problem = await (await _reader.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(message, problem.GetProperty("errors").GetProperty("token")[0].GetString(), StringComparison.Ordinal);
        }

        await (await _reader.GetAsync("/api/v1/sync?limit=0")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await _reader.GetAsync("/api/v1/sync?limit=101")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await _reader.GetAsync("/api/v1/sync?since=1")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_token_from_ahead_of_the_database_starts_over_rather_than_missing_what_comes_next()
    {
        // What a client holds after the database was restored from an older backup: a position past every version.
        var ahead = _factory.Services.GetRequiredService<NewsApi.Sync.SyncTokens>().Write(new NewsApi.Sync.SyncPosition(1_000_000, 0));
        var page = await SyncAsync(ahead);

        Assert.Contains(page["items"]!.AsArray(), item => item!["article"]?["slug"]?.GetValue<string>() == SeedArticle.Slug);
        Assert.NotEqual(ahead, page["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answers_must_be_revalidated_and_a_token_with_nothing_new_is_a_304()
    {
        var client = new OfflineClient(_reader);
        await client.SyncAsync();
        var url = "/api/v1/sync?token=" + Uri.EscapeDataString(client.Token!);
        var first = await _reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        var etag = first.Headers.ETag!;

        using (var revalidate = new HttpRequestMessage(HttpMethod.Get, url))
        {
            revalidate.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await _reader.SendAsync(revalidate)).StatusCode);
        }

        var id = await _desk.CreateAsync("خبر بعد التحقق", "رياضة");
        await _desk.PublishAsync(id);
        using var after = new HttpRequestMessage(HttpMethod.Get, url);
        after.Headers.IfNoneMatch.Add(etag);
        var changed = await _reader.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains(id, Upserts(JsonNode.Parse(await changed.Content.ReadAsStringAsync())!));
    }

    private async Task<JsonNode> SyncAsync(string? token, int? limit = null)
    {
        var query = new List<string>();
        if (token is not null)
        {
            query.Add("token=" + Uri.EscapeDataString(token));
        }

        if (limit is not null)
        {
            query.Add("limit=" + limit);
        }

        return JsonNode.Parse(await (await _reader.GetAsync("/api/v1/sync" + (query.Count > 0 ? "?" + string.Join('&', query) : ""))).JsonTextAsync())!;
    }

    private static int[] Upserts(JsonNode page) =>
        page["items"]!.AsArray().Where(i => i!["kind"]!.GetValue<string>() == "upsert").Select(i => i!["article"]!["id"]!.GetValue<int>()).ToArray();
}
