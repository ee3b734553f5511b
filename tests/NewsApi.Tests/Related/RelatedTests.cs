using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Related;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Related;

public sealed class RelatedTests : IDisposable
{
    private const string World = "اخبار-عالمية-وسفارات";
    private const string Health = "صحة";
    private const string Sports = "رياضة";
    private const string Football = "كرة-القدم";

    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _client;
    private readonly Newsroom _newsroom;

    public RelatedTests()
    {
        _client = _factory.CreateClient();
        _newsroom = new Newsroom(_factory);
    }

    public void Dispose() => _factory.Dispose();

    private static string RelatedPath(string slug, int limit = 20) => $"/api/v1/articles/{Uri.EscapeDataString(slug)}/related?limit={limit}";

    private async Task<JsonElement[]> RelatedAsync(string slug, int limit = 20)
    {
        var body = await (await _client.GetAsync(RelatedPath(slug, limit))).JsonAsync();
        return body.GetProperty("items").EnumerateArray().ToArray();
    }

    private static int[] ArticleIds(IEnumerable<JsonElement> items) =>
        items.Where(i => i.GetProperty("kind").GetString() == "article").Select(i => i.GetProperty("article").GetProperty("id").GetInt32()).ToArray();

    private static string? ReasonFor(IEnumerable<JsonElement> items, int id) => items
        .Where(i => i.GetProperty("kind").GetString() == "article" && i.GetProperty("article").GetProperty("id").GetInt32() == id)
        .Select(i => i.GetProperty("reason").GetString()).SingleOrDefault();

    [Fact]
    public async Task Articles_sharing_tags_with_the_seed_article_are_related_and_the_article_itself_is_not()
    {
        var seedId = _newsroom.ArticleId(SeedArticle.Slug);
        var councilId = _newsroom.ArticleId("مجلس-الأمن-يعقد-جلسة-مشاورات-بشأن-الوضع-في-شبه-الجزيرة-الكورية");

        var items = await RelatedAsync(SeedArticle.Slug);

        Assert.NotEmpty(items);
        Assert.DoesNotContain(seedId, ArticleIds(items));
        Assert.Equal(councilId, ArticleIds(items)[0]);
        Assert.Equal("tags", ReasonFor(items, councilId));
        Assert.All(items, item => Assert.Equal("article", item.GetProperty("kind").GetString()));
        var first = items[0].GetProperty("article");
        foreach (var field in new[] { "slug", "title", "excerpt", "category", "tags", "publishedAt", "links" })
        {
            Assert.True(first.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task An_article_of_the_same_category_with_nothing_else_in_common_is_related_by_category()
    {
        var id = await _newsroom.PublishAsync("افتتاح قنصلية جديدة فى مدينة ساحلية", World);

        var items = await RelatedAsync(SeedArticle.Slug);

        Assert.Equal("category", ReasonFor(items, id));
    }

    [Fact]
    public async Task A_parent_category_counts_for_its_sub_categories()
    {
        var parentOnly = await _newsroom.PublishAsync("بطولة محلية للعدو الريفى تستقطب المواهب", Sports);
        var footballSlug = "المنتخب-الوطنى-يتأهل-إلى-النهائيات-بعد-تعادل-ثمين-خارج-ملعبه";

        var items = await RelatedAsync(footballSlug);

        Assert.Equal("category", ReasonFor(items, parentOnly));
        Assert.Contains(_newsroom.ArticleId("المنتخب-الوطنى-يعلن-قائمة-لاعبيه-لمواجهتى-التصفيات-المقبلتين"), ArticleIds(items));
    }

    [Fact]
    public async Task Shared_title_words_relate_articles_across_spellings_and_categories()
    {
        // ي for ى, a different prefix (للدفاع), no shared tag and another category: only the words connect them.
        var id = await _newsroom.PublishAsync("مستشفى عسكرى يستقبل وزير الدفاع الروسي للعلاج", Health,
            body: "<p>زيارة قصيرة لوزير للدفاع الروسي.</p>");

        var items = await RelatedAsync(SeedArticle.Slug);

        Assert.Equal("text", ReasonFor(items, id));
    }

    [Fact]
    public async Task Editing_a_title_reindexes_its_words_and_deleting_an_article_uncounts_them()
    {
        var id = await _newsroom.PublishAsync("وصفات صحية لوجبة العشاء", Health);
        Assert.Null(ReasonFor(await RelatedAsync(SeedArticle.Slug), id));

        var current = await _newsroom.Editor.GetAsync($"/api/v1/admin/articles/{id}");
        using var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{id}")
        {
            Content = JsonContent.Create(new { title = "بيلوسوف يستقبل وفدا من كوريا الشمالية", bodyHtml = "<p>نص قصير للاختبار.</p>", categoryId = _newsroom.CategoryId(Health) }),
        };
        edit.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        await (await _newsroom.Editor.SendAsync(edit)).JsonAsync();

        Assert.Equal("text", ReasonFor(await RelatedAsync(SeedArticle.Slug), id));

        int Frequency()
        {
            using var db = _factory.OpenDatabase();
            return Dapper.SqlMapper.ExecuteScalar<int>(db, "SELECT df FROM related_word_stats WHERE word = 'بيلوسوف'");
        }

        var before = Frequency();
        Assert.Equal(HttpStatusCode.NoContent, (await _newsroom.Editor.DeleteAsync($"/api/v1/admin/articles/{id}")).StatusCode);
        Assert.Equal(before - 1, Frequency());
    }

    [Fact]
    public async Task The_background_indexer_indexes_a_new_article_without_any_related_request()
    {
        var id = await _newsroom.PublishAsync("خبر يفهرسه المفهرس فى الخلفية", Health);

        int Pending()
        {
            using var db = _factory.OpenDatabase();
            return Dapper.SqlMapper.ExecuteScalar<int>(db, "SELECT count(*) FROM related_words_pending WHERE article_id = @id", new { id });
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Pending() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        using var db = _factory.OpenDatabase();
        Assert.Equal(0, Pending());
        Assert.Contains("يفهرسه", Dapper.SqlMapper.Query<string>(db, "SELECT word FROM related_words WHERE article_id = @id", new { id }));
    }

    [Fact]
    public async Task Indexers_running_at_once_index_every_queued_article_once_and_keep_word_counts_exact()
    {
        var store = _factory.Services.GetRequiredService<RelatedStore>();
        using (var db = _factory.OpenDatabase())
        {
            Dapper.SqlMapper.Execute(db, "DELETE FROM related_words_pending");
            Dapper.SqlMapper.Execute(db, "INSERT INTO related_words_pending (article_id) SELECT id FROM articles");
        }

        // Small batches from several workers (and the background indexer) so that their batches meet.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            while (store.IndexPending(3, waitForTurn: worker % 2 == 0) > 0 || store.PendingCount() > 0)
            {
            }
        })));

        using var check = _factory.OpenDatabase();
        Assert.Equal(0, store.PendingCount());
        Assert.Equal(0, Dapper.SqlMapper.ExecuteScalar<int>(check, """
            SELECT count(*) FROM related_word_stats s
            WHERE s.df <> (SELECT count(*) FROM related_words rw WHERE rw.word = s.word)
            """));
        var rows = Dapper.SqlMapper.Query<(int Id, string Title, byte[]? Body, string LegacyText)>(check, "SELECT id, title, body, body_text FROM articles");
        foreach (var (id, title, body, legacyText) in rows)
        {
            var bodyText = NewsApi.Data.StoredBody.Text(body, legacyText);
            var words = Dapper.SqlMapper.Query<string>(check, "SELECT word FROM related_words WHERE article_id = @id", new { id });
            Assert.Equal(RelatedWords.Of(title, bodyText).Select(w => w.Word).Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Drafts_and_scheduled_articles_are_never_related_and_unpublishing_removes_one()
    {
        var tags = new[] { "روسيا", "كوريا الشمالية", "أندريه بيلوسوف", "الدبلوماسية" };
        var draft = await _newsroom.DraftAsync("مسودة عن وزير الدفاع الروسى فى كوريا الشمالية", World, tags);
        var scheduled = await _newsroom.PublishAsync("مقالة مجدولة عن وزير الدفاع الروسى فى كوريا", World, tags, at: _factory.Clock.Now.AddDays(2));
        var published = await _newsroom.PublishAsync("زيارة وزير الدفاع الروسى إلى كوريا الشمالية تثير الاهتمام", World, tags);

        var before = ArticleIds(await RelatedAsync(SeedArticle.Slug));
        await _newsroom.UnpublishAsync(published);
        var after = ArticleIds(await RelatedAsync(SeedArticle.Slug));

        Assert.DoesNotContain(draft, before);
        Assert.DoesNotContain(scheduled, before);
        Assert.Equal(published, before[0]);
        Assert.DoesNotContain(published, after);
        await (await _client.GetAsync($"/api/v1/articles/{published}/related")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Curated_links_come_first_in_editor_order_and_a_draft_target_is_skipped()
    {
        var seedId = _newsroom.ArticleId(SeedArticle.Slug);
        var health = _newsroom.ArticleId("دراسة-تقليل-السكر-المضاف-يخفض-مخاطر-أمراض-القلب");
        var draft = await _newsroom.DraftAsync("مسودة مرتبطة يدويا", World);
        var council = _newsroom.ArticleId("مجلس-الأمن-يعقد-جلسة-مشاورات-بشأن-الوضع-في-شبه-الجزيرة-الكورية");

        var put = await _newsroom.Editor.PutAsJsonAsync($"/api/v1/admin/articles/{seedId}/related-links", new object[]
        {
            new { articleId = health },
            new { articleId = draft },
            new { title = "وكالة الأنباء الكورية & <المصدر>", url = "https://example.com/kcna?a=1&b=2" },
            new { articleId = council },
        });
        var saved = await put.JsonAsync();
        var items = await RelatedAsync(SeedArticle.Slug);

        Assert.Equal(4, saved.GetArrayLength());
        Assert.False(saved[1].GetProperty("visible").GetBoolean());
        Assert.Equal("link", saved[2].GetProperty("kind").GetString());
        Assert.Equal(health, items[0].GetProperty("article").GetProperty("id").GetInt32());
        Assert.Equal("curated", items[0].GetProperty("reason").GetString());
        Assert.Equal("link", items[1].GetProperty("kind").GetString());
        Assert.Equal("وكالة الأنباء الكورية & <المصدر>", items[1].GetProperty("title").GetString());
        Assert.Equal("https://example.com/kcna?a=1&b=2", items[1].GetProperty("url").GetString());
        Assert.Equal(council, items[2].GetProperty("article").GetProperty("id").GetInt32());
        Assert.Equal("curated", items[2].GetProperty("reason").GetString());
        Assert.DoesNotContain(draft, ArticleIds(items));
        Assert.Single(ArticleIds(items), id => id == council);
        Assert.Equal(3, (await RelatedAsync(SeedArticle.Slug, 3)).Length);
    }

    [Fact]
    public async Task The_order_is_stable_and_a_revalidation_answers_304()
    {
        var first = await _client.GetAsync(RelatedPath(SeedArticle.Slug));
        var second = await _client.GetAsync(RelatedPath(SeedArticle.Slug));
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, RelatedPath(SeedArticle.Slug));
        revalidation.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var notModified = await _client.SendAsync(revalidation);

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", first.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task By_id_and_by_slug_give_the_same_items_and_the_default_limit_is_five()
    {
        var id = _newsroom.ArticleId(SeedArticle.Slug);

        var bySlug = await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}/related")).JsonAsync();
        var byId = await (await _client.GetAsync($"/api/v1/articles/{id}/related")).JsonAsync();

        Assert.Equal(5, bySlug.GetProperty("items").GetArrayLength());
        Assert.Equal(bySlug.ToString(), byId.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task A_limit_outside_1_to_20_is_a_validation_problem(string limit)
    {
        var response = await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}/related?limit={limit}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task An_unknown_article_is_a_404_problem()
    {
        await (await _client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString("مقالة-غير-موجودة")}/related")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/api/v1/articles/999999/related")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Include_related_adds_the_related_items_to_the_article_and_only_when_asked()
    {
        var plain = await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync();
        var withRelated = await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}?include=related")).JsonAsync();
        var byId = await (await _client.GetAsync($"/api/v1/articles/{plain.GetProperty("id").GetInt32()}?include=related")).JsonAsync();
        var related = await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}/related")).JsonAsync();

        Assert.False(plain.TryGetProperty("related", out _));
        Assert.Equal(related.GetProperty("items").ToString(), withRelated.GetProperty("related").ToString());
        Assert.Equal(related.GetProperty("items").ToString(), byId.GetProperty("related").ToString());
        await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}?include=comments")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Replacing_the_list_with_an_empty_one_clears_it()
    {
        var seedId = _newsroom.ArticleId(SeedArticle.Slug);
        await (await _newsroom.Editor.PutAsJsonAsync($"/api/v1/admin/articles/{seedId}/related-links",
            new object[] { new { title = "مصدر", url = "https://example.com/" } })).JsonAsync();

        var cleared = await (await _newsroom.Editor.PutAsJsonAsync($"/api/v1/admin/articles/{seedId}/related-links", Array.Empty<object>())).JsonAsync();
        var listed = await (await _newsroom.Editor.GetAsync($"/api/v1/admin/articles/{seedId}/related-links")).JsonAsync();

        Assert.Equal(0, cleared.GetArrayLength());
        Assert.Equal(0, listed.GetArrayLength());
        Assert.DoesNotContain(await RelatedAsync(SeedArticle.Slug), item => item.GetProperty("kind").GetString() == "link");
    }

    public static TheoryData<string, string> InvalidLinkLists => new()
    {
        { """[{ "articleId": 1, "title": "x", "url": "https://example.com" }]""", "[0]" },
        { """[{}]""", "[0]" },
        { """[{ "title": "x", "url": "javascript:alert(1)" }]""", "[0].url" },
        { """[{ "title": "x", "url": "ftp://example.com/file" }]""", "[0].url" },
        { """[{ "url": "https://example.com" }]""", "[0].title" },
        { """[{ "title": "  ", "url": "https://example.com" }]""", "[0].title" },
        { """[{ "articleId": 0 }]""", "[0].articleId" },
        { """[{ "articleId": 2 }, { "articleId": 2 }]""", "[1].articleId" },
        { """[{ "articleId": 987654 }]""", "[0].articleId" },
        { """[{ "articleId": 1 }]""", "[0].articleId" },
        { """[{ "articleId": 2, "status": "x" }]""", "[0].status" },
        { "[" + string.Join(",", Enumerable.Range(0, 11).Select(i => $$"""{ "title": "t{{i}}", "url": "https://example.com/{{i}}" }""")) + "]", "$" },
    };

    [Theory]
    [MemberData(nameof(InvalidLinkLists))]
    public async Task An_invalid_link_list_is_a_validation_problem_naming_the_item(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await _newsroom.Editor.PutAsync("/api/v1/admin/articles/1/related-links", content);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Links_of_an_unknown_article_are_a_404_problem()
    {
        await (await _newsroom.Editor.PutAsJsonAsync("/api/v1/admin/articles/987654/related-links", Array.Empty<object>())).ProblemAsync(HttpStatusCode.NotFound);
        await (await _newsroom.Editor.GetAsync("/api/v1/admin/articles/987654/related-links")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
