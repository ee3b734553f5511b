using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Search;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// The index follows every write, even one made outside the application's stores (SQLite: the triggers of
/// migration 0002; PostgreSQL: triggers queue the article and the next search indexes it), and visibility is
/// decided at query time: each test gets its own database because it writes.
/// </summary>
public sealed class SearchIndexTests : IDisposable
{
    private const string DraftWord = "الفيروزية";      // only in the demo draft
    private const string ScheduledWord = "الياقوتة";   // only in the demo scheduled article

    private readonly NewsApiFactory _factory = new();
    private readonly HttpClient _client;

    public SearchIndexTests()
    {
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private async Task<List<string>> SlugsFoundAsync(string query)
    {
        var body = await (await _client.GetAsync($"/api/v1/search?pageSize=100&q={Uri.EscapeDataString(query)}")).JsonAsync();
        return body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("article").GetProperty("slug").GetString()!).ToList();
    }

    /// <summary>A write from another connection, as the CLI or a shell would make it, once the host has seen it.</summary>
    private void Execute(string sql, object? parameters = null) => _factory.WriteRaw(sql, parameters);

    [Fact]
    public async Task Drafts_and_scheduled_articles_are_never_found()
    {
        using (var db = _factory.OpenDatabase())
        {
            Assert.Equal(1, db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE status = 'draft' AND title LIKE '%' || @DraftWord || '%'", new { DraftWord }));
            Assert.Equal(1, db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE status = 'scheduled' AND title LIKE '%' || @ScheduledWord || '%'", new { ScheduledWord }));
        }

        Assert.Empty(await SlugsFoundAsync(DraftWord));
        Assert.Empty(await SlugsFoundAsync(ScheduledWord));
        Assert.Equal(0, (await (await _client.GetAsync($"/api/v1/articles?q={Uri.EscapeDataString(DraftWord)}")).JsonAsync()).GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task A_scheduled_article_is_found_once_its_time_comes()
    {
        Assert.Empty(await SlugsFoundAsync(ScheduledWord));

        _factory.Clock.Now = _factory.Clock.Now.AddDays(365);

        Assert.Single(await SlugsFoundAsync(ScheduledWord));
    }

    [Fact]
    public async Task Unpublishing_an_article_removes_it_from_results_and_republishing_brings_it_back()
    {
        Assert.Contains(SeedArticle.Slug, await SlugsFoundAsync("الروسي"));

        Execute("UPDATE articles SET status = 'draft' WHERE slug = @Slug", new { SeedArticle.Slug });
        var whileDraft = await SlugsFoundAsync("الروسي");
        Execute("UPDATE articles SET status = 'published' WHERE slug = @Slug", new { SeedArticle.Slug });

        Assert.DoesNotContain(SeedArticle.Slug, whileDraft);
        Assert.Contains(SeedArticle.Slug, await SlugsFoundAsync("الروسي"));
    }

    [Fact]
    public async Task Editing_the_title_updates_the_index()
    {
        Assert.DoesNotContain(SeedArticle.Slug, await SlugsFoundAsync("الزرافة"));

        Execute("UPDATE articles SET title = 'زيارة الزرافة الأولى' WHERE slug = @Slug", new { SeedArticle.Slug });

        Assert.Equal(SeedArticle.Slug, (await SlugsFoundAsync("الزرافه")).First());
        Assert.DoesNotContain(SeedArticle.Slug, await SlugsFoundAsync("يستقبل"));
    }

    [Fact]
    public async Task Editing_the_body_text_updates_the_index()
    {
        Assert.Contains(SeedArticle.Slug, await SlugsFoundAsync("بوتين"));

        // A text written in the legacy column (body null), which search reads as long as the row has no compact body.
        Execute("UPDATE articles SET body = NULL, body_text = 'نص جديد عن البطريق القطبي' WHERE slug = @Slug", new { SeedArticle.Slug });

        Assert.Equal([SeedArticle.Slug], await SlugsFoundAsync("البطريق"));
        Assert.DoesNotContain(SeedArticle.Slug, await SlugsFoundAsync("بوتين"));
    }

    [Theory]
    [InlineData("التقى الوزير بالصحفيين", "وزير", "التقى <mark>الوزير</mark> بالصحفيين")]
    [InlineData("أعلنت الوزارة الخطة", "وزارة", "أعلنت <mark>الوزارة</mark> الخطة")]
    [InlineData("زار وكوريا واليابان", "كوريا", "زار <mark>وكوريا</mark> واليابان")]
    [InlineData("زار وزير الخارجية", "الوزير", "زار <mark>وزير</mark> الخارجية")]
    public async Task A_leading_waw_is_read_both_as_a_conjunction_and_as_a_letter(string text, string query, string snippet)
    {
        Execute("UPDATE articles SET title = 'عنوان', subtitle = NULL, excerpt = 'مقدمة', body = NULL, body_text = @text WHERE slug = @Slug", new { text, SeedArticle.Slug });

        var body = await (await _client.GetAsync($"/api/v1/search?pageSize=100&q={Uri.EscapeDataString(query)}")).JsonAsync();
        var seed = body.GetProperty("items").EnumerateArray().Single(hit => hit.GetProperty("article").GetProperty("slug").GetString() == SeedArticle.Slug);

        Assert.Equal(snippet, seed.GetProperty("snippet").GetString());
    }

    [Fact]
    public async Task Deleting_an_article_removes_it_from_the_index()
    {
        Execute("DELETE FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });

        Assert.DoesNotContain(SeedArticle.Slug, await SlugsFoundAsync("الروسي"));
        using var db = _factory.OpenDatabase();
        Assert.Equal(db.ExecuteScalar<int>("SELECT count(*) FROM articles"), db.ExecuteScalar<int>("SELECT count(*) FROM search_index"));
    }

    [Fact]
    public async Task Tagging_and_renaming_a_tag_update_the_index()
    {
        using (var db = _factory.OpenDatabase())
        {
            var tagId = db.ExecuteScalar<long>("INSERT INTO tags (slug, name, created_at) VALUES ('قطط', 'قطط', '2024-01-01T00:00:00Z') RETURNING id");
            db.Execute("INSERT INTO article_tags (article_id, tag_id, position) SELECT id, @tagId, 9 FROM articles WHERE slug = @Slug", new { tagId, SeedArticle.Slug });
        }

        var tagged = await SlugsFoundAsync("قطط");
        Execute("UPDATE tags SET name = 'سلاحف' WHERE slug = 'قطط'");

        Assert.Equal([SeedArticle.Slug], tagged);
        Assert.Empty(await SlugsFoundAsync("قطط"));
        Assert.Equal([SeedArticle.Slug], await SlugsFoundAsync("سلاحف"));
    }

    /// <summary>
    /// Two published articles with the same excerpt and no tags (bm25 normalises by the length of the whole
    /// document), the older with the first title and body, the newer with the second; which one a query ranks first.
    /// </summary>
    public static TheoryData<string, string, string, string, string, bool> Rankings => new()
    {
        // An exact spelling ranks above a stemmed one (المعلمون → معلم), even when older.
        { "زيارة مدرسية", "تحدث المعلم مع الطلاب", "زيارة مدرسية", "تحدث المعلمون مع الطلاب", "المعلم", true },
        // A title match ranks above a body match, even when older.
        { "القندس يبني سدا", "نص الخبر", "خبر من الغابة", "القندس يبني سدا", "القندس", true },
        // Equal matches: the newer article first.
        { "القندس يبني سدا", "نص الخبر", "القندس يبني سدا", "نص الخبر", "القندس", false },
    };

    [Theory]
    [MemberData(nameof(Rankings))]
    public async Task Relevance_ranks_exact_above_stemmed_and_title_above_body_then_newer_first(
        string olderTitle, string olderBody, string newerTitle, string newerBody, string query, bool olderFirst)
    {
        List<string> slugs;
        using (var db = _factory.OpenDatabase())
        {
            slugs = db.Query<string>("SELECT slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 2").ToList();
            const string sql = "UPDATE articles SET title = @Title, subtitle = NULL, excerpt = 'خبر قصير', body = NULL, body_text = @Body WHERE slug = @Slug";
            db.Execute("DELETE FROM article_tags WHERE article_id IN (SELECT id FROM articles WHERE slug = @Slug)", slugs.Select(slug => new { Slug = slug }));
            db.Execute(sql, new { Title = olderTitle, Body = olderBody, Slug = slugs[1] });
            db.Execute(sql, new { Title = newerTitle, Body = newerBody, Slug = slugs[0] });
        }

        var found = await SlugsFoundAsync(query);

        Assert.Equal(olderFirst ? [slugs[1], slugs[0]] : slugs, found);
    }

    [Fact]
    public async Task Snippets_escape_html_in_the_text_and_mark_only_the_hits()
    {
        Execute("UPDATE articles SET body = NULL, body_text = @Body WHERE slug = @Slug", new
        {
            Body = "قبل <script>alert(\"x\")</script> ظهرت الزرافة & 'غيرها' <b>هنا</b>",
            SeedArticle.Slug,
        });

        var body = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("الزرافة")}")).JsonAsync();
        var snippet = body.GetProperty("items")[0].GetProperty("snippet").GetString()!;

        Assert.Equal("قبل &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ظهرت <mark>الزرافة</mark> &amp; &#39;غيرها&#39; &lt;b&gt;هنا&lt;/b&gt;", snippet);
    }

    [Fact]
    public async Task Rebuilding_the_index_restores_it_from_the_articles()
    {
        // A damaged index, as a change the content version does not see.
        Execute("DELETE FROM search_index");
        var emptied = await SlugsFoundAsync("الروسي");

        var indexed = _factory.Services.GetRequiredService<SearchStore>().RebuildIndex();

        Assert.Empty(emptied);
        Assert.True(indexed >= 31, $"{indexed} articles indexed");
        Assert.Equal(SeedArticle.Slug, (await SlugsFoundAsync("الروسي")).First());
    }

    [Fact]
    public async Task A_search_answer_revalidates_with_304_until_content_changes()
    {
        var first = await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("الروسي")}");
        var etag = first.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/search?q={Uri.EscapeDataString("الروسي")}");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var notModified = await _client.SendAsync(again);
        Execute("UPDATE articles SET title = 'عنوان آخر' WHERE slug = @Slug", new { SeedArticle.Slug });
        using var afterWrite = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/search?q={Uri.EscapeDataString("الروسي")}");
        afterWrite.Headers.TryAddWithoutValidation("If-None-Match", etag);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(afterWrite)).StatusCode);
    }

    [Fact]
    public async Task Sqlite_migration_0007_indexes_existing_articles_again_with_the_one_text_folding()
    {
        // A word hidden by a soft hyphen: the earlier folding indexed it as two words, the one folding as one.
        Execute("UPDATE articles SET body = NULL, body_text = news_body_text(body, body_text) || ' كازي\u00ADنو' WHERE slug = @Slug", new { SeedArticle.Slug });
        // The database as an earlier version left it: an index that does not hold the current folding, and 0007 not yet applied.
        Execute("""
            INSERT INTO search_index (search_index) VALUES ('delete-all');
            DELETE FROM related_words_pending;
            INSERT INTO related_words (word, article_id, in_title) SELECT 'طيالكلمه', id, 1 FROM articles WHERE slug = @Slug;
            DELETE FROM schema_migrations WHERE name LIKE '%refold%';
            """, new { SeedArticle.Slug });
        Assert.Empty(await SlugsFoundAsync("كازينو"));

        var applied = new NewsApi.Data.Migrator((NewsApi.Data.Sqlite.SqliteDatabase)_factory.Services.GetRequiredService<NewsApi.Data.Database>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<NewsApi.Data.Migrator>.Instance).Migrate();

        Assert.Single(applied);
        Assert.Equal([SeedArticle.Slug], await SlugsFoundAsync("كازينو"));
        Assert.Contains(SeedArticle.Slug, await SlugsFoundAsync("الروسي"));
        // Related words are queued for the background indexer: the stale word is either still queued or already replaced.
        using var db = _factory.OpenDatabase();
        var seedId = db.ExecuteScalar<int>("SELECT id FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });
        var queued = db.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM related_words_pending WHERE article_id = @seedId)", new { seedId });
        var stale = db.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM related_words WHERE word = 'طيالكلمه' AND article_id = @seedId)", new { seedId });
        Assert.True(queued || !stale);
    }
}
