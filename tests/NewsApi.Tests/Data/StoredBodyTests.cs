using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Tests.Infrastructure;
using NewsApi.Text;

namespace NewsApi.Tests.Data;

/// <summary>Each body stored once (issue 18): one compressed form that gives back the HTML, blocks and text as written.</summary>
public sealed class StoredBodyTests
{
    private sealed record Row(byte[]? Body, string? LegacyHtml = null, string? LegacyBlocks = null) : IBodyColumns;

    public static IEnumerable<object[]> DemoBodies() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "db", "seed", "demo-content.json")))
            .RootElement.GetProperty("articles").EnumerateArray()
            .Select(article => new object[] { article.GetProperty("title").GetString()!, article.GetProperty("bodyHtml").GetString()! });

    [Theory]
    [MemberData(nameof(DemoBodies))]
    public void A_stored_body_reads_back_its_html_blocks_and_text_exactly_as_the_writer_derived_them(string title, string bodyHtml)
    {
        var written = ArticleHtml.Process(bodyHtml);

        var stored = StoredBody.Encode(written.Html, written.Blocks);
        var read = StoredBody.Read(new Row(stored));

        Assert.Equal(written.Html, read.Html);
        Assert.Equal(StoredBlocks.Serialize(written.Blocks), StoredBlocks.Serialize(read.Blocks));
        Assert.Equal(written.PlainText, read.PlainText);
        Assert.Equal(written.PlainText, StoredBody.Text(stored, null));
        Assert.Equal(written.Html, StoredBody.Html(new Row(stored)));
        Assert.False(string.IsNullOrEmpty(title));
    }

    /// <summary>
    /// The texts derived last are kept in a table of slots by a hash of the stored bytes: two bodies that share a slot
    /// (found by trying, as any table of 1,024 slots has them) each read back their own text, in either order, however
    /// often they displace each other.
    /// </summary>
    [Fact]
    public void Two_bodies_that_share_a_slot_of_the_recent_texts_each_read_back_their_own_text()
    {
        var slots = new Dictionary<int, (byte[] Stored, string Text)>();
        (byte[] Stored, string Text) first, second;
        for (var i = 0; ; i++)
        {
            var written = ArticleHtml.Process($"<p>خبر رقم {i} فى المدينة.</p>");
            var stored = StoredBody.Encode(written.Html, written.Blocks);
            var slot = StoredBody.RecentTexts.SlotOf(stored);
            if (slots.TryGetValue(slot, out var earlier))
            {
                (first, second) = (earlier, (stored, written.PlainText));
                break;
            }

            slots[slot] = (stored, written.PlainText);
        }

        Assert.NotEqual(first.Text, second.Text);
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(first.Text, StoredBody.Text(first.Stored, null));
            Assert.Equal(first.Text, StoredBody.Text(first.Stored, null));
            Assert.Equal(second.Text, StoredBody.Text(second.Stored, null));
            Assert.Equal(first.Text, StoredBody.Text(first.Stored, null));
        }
    }

    [Fact]
    public void The_seed_article_takes_a_fraction_of_the_three_forms_it_replaces()
    {
        var seed = DemoBodies().Single(row => (string)row[0] == SeedArticle.Title);
        var written = ArticleHtml.Process((string)seed[1]);
        var threeForms = Encoding.UTF8.GetByteCount(written.Html) + Encoding.UTF8.GetByteCount(StoredBlocks.Serialize(written.Blocks))
            + Encoding.UTF8.GetByteCount(written.PlainText);

        var stored = StoredBody.Encode(written.Html, written.Blocks);

        // Three copies of the text become one, compressed: well under a quarter of what the legacy columns held.
        Assert.True(stored.Length * 4 < threeForms, $"{stored.Length} bytes stored for {threeForms} in three forms");
    }

    [Fact]
    public void Legacy_columns_are_read_as_they_were_stored_when_the_row_has_no_body_yet()
    {
        var written = ArticleHtml.Process("<p>نص <strong>قديم</strong> فى الصيغة السابقة.</p>");
        var legacy = new Row(null, written.Html, StoredBlocks.Serialize(written.Blocks));

        Assert.Equal(written.Html, StoredBody.Read(legacy).Html);
        Assert.Equal(StoredBlocks.Serialize(written.Blocks), StoredBlocks.Serialize(StoredBody.Read(legacy).Blocks));
        Assert.Equal("نص مكتوب", StoredBody.Text(null, "نص مكتوب"));
    }

    [Fact]
    public void A_body_in_an_unknown_format_is_refused_rather_than_read_as_garbage()
    {
        Assert.Throws<InvalidDataException>(() => StoredBody.Read(new Row([9, 1, 2, 3])));
    }
}

/// <summary>
/// Bodies in the legacy three-column form (a database from before migration 0017 / postgres 0015) are served exactly
/// as compacted ones, before, while and after <see cref="BodyCompaction"/> rewrites them. On the engine under test.
/// </summary>
public sealed class BodyCompactionTests : IDisposable
{
    // Uncached, so every request below reads the rows as they are at that moment.
    private readonly NewsApiFactory _factory = new NewsApiFactory().With("NewsApi:Http:OutputCache", "false");

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void A_new_article_is_stored_once_in_the_compact_form()
    {
        using var db = _factory.OpenDatabase();
        var row = db.QuerySingle<(byte[]? Body, string Html, string Blocks, string Text)>(
            "SELECT body, body_html, CAST(body_blocks AS TEXT), body_text FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });

        Assert.NotNull(row.Body);
        Assert.Equal(("", "[]", ""), (row.Html, row.Blocks, row.Text));
        Assert.Contains(SeedArticle.FirstParagraph, StoredBody.Text(row.Body, null), StringComparison.Ordinal);
        Assert.Equal(0, _factory.Services.GetRequiredService<BodyCompaction>().PendingCount());
    }

    [Fact]
    public async Task Legacy_bodies_are_served_byte_for_byte_the_same_before_and_after_their_compaction()
    {
        var reader = _factory.CreateClient();
        var editor = _factory.CreateEditorClient();
        int seedId;
        using (var db = _factory.OpenDatabase())
        {
            seedId = db.ExecuteScalar<int>("SELECT id FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });
        }

        var before = await AnswersAsync(reader, editor, seedId);

        // Every row back to the form migration 0017 found: body null, the three legacy columns as the old writer set them.
        var rows = LegacyForm(_factory.OpenDatabase);
        foreach (var row in rows)
        {
            _factory.WriteRaw(
                $"UPDATE articles SET body = NULL, body_html = @Html, body_blocks = {(TestEngine.IsPostgres ? "CAST(@Blocks AS jsonb)" : "@Blocks")}, body_text = @Text WHERE id = @Id",
                row);
        }

        // The rewrite above queued related words again, as any write of the text does: drained before counting below.
        var related = _factory.Services.GetRequiredService<NewsApi.Related.RelatedStore>();
        while (related.IndexPending(1_000) > 0)
        {
        }

        var compaction = _factory.Services.GetRequiredService<BodyCompaction>();
        Assert.Equal(rows.Count, compaction.PendingCount());
        Assert.Equal(before, await AnswersAsync(reader, editor, seedId));

        long versionBefore;
        using (var db = _factory.OpenDatabase())
        {
            versionBefore = db.ExecuteScalar<long>("SELECT version FROM content_state WHERE id = 1");
        }

        Assert.Equal(rows.Count, compaction.CompactAll());

        Assert.Equal(0, compaction.PendingCount());
        Assert.Equal(before, await AnswersAsync(reader, editor, seedId));
        using (var db = _factory.OpenDatabase())
        {
            Assert.Equal(0, db.ExecuteScalar<int>("SELECT count(*) FROM articles WHERE body_html <> '' OR body_text <> ''"));
            // Nothing a reader sees changed: no content version moved, no search or related-words work queued.
            Assert.Equal(versionBefore, db.ExecuteScalar<long>("SELECT version FROM content_state WHERE id = 1"));
            Assert.Equal(0, db.ExecuteScalar<int>("SELECT count(*) FROM related_words_pending"));
        }
    }

    [Fact]
    public async Task An_edit_during_compaction_is_kept_not_overwritten_by_the_legacy_text()
    {
        var editor = _factory.CreateEditorClient();
        int seedId;
        using (var db = _factory.OpenDatabase())
        {
            seedId = db.ExecuteScalar<int>("SELECT id FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });
        }

        var rows = LegacyForm(_factory.OpenDatabase).Where(r => r.Id == seedId).ToList();
        _factory.WriteRaw(
            $"UPDATE articles SET body = NULL, body_html = @Html, body_blocks = {(TestEngine.IsPostgres ? "CAST(@Blocks AS jsonb)" : "@Blocks")}, body_text = @Text WHERE id = @Id",
            rows[0]);

        // The editor's write stores the new form itself; the compaction then finds nothing left to do for the row.
        var current = await editor.GetAsync($"/api/v1/admin/articles/{seedId}");
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{seedId}")
        {
            Content = JsonContent.Create(new { title = SeedArticle.Title, bodyHtml = "<p>نص جديد بعد التعديل.</p>", categoryId = new Newsroom(_factory).CategoryId(SeedArticle.CategorySlug) }),
        };
        update.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        var updated = await editor.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(0, _factory.Services.GetRequiredService<BodyCompaction>().CompactAll());

        var detail = await (await _factory.CreateClient().GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync();
        Assert.Equal("<p>نص جديد بعد التعديل.</p>", detail.GetProperty("content").GetProperty("html").GetString());
    }

    /// <summary>Each article's html, blocks and text as the writer before migration 0017 stored them.</summary>
    internal static List<LegacyRow> LegacyForm(Func<DbConnection> open)
    {
        using var db = open();
        return db.Query<(long Id, byte[] Body)>("SELECT id, body FROM articles WHERE body IS NOT NULL ORDER BY id")
            .Select(row =>
            {
                var body = StoredBody.Read(new Row(row.Body));
                return new LegacyRow(row.Id, body.Html, StoredBlocks.Serialize(body.Blocks), body.PlainText);
            })
            .ToList();
    }

    internal sealed record LegacyRow(long Id, string Html, string Blocks, string Text);

    private sealed record Row(byte[]? Body, string? LegacyHtml = null, string? LegacyBlocks = null) : IBodyColumns;

    /// <summary>Every answer that carries a body: public detail, admin detail, RSS, JSON Feed, a search snippet.</summary>
    private static async Task<string> AnswersAsync(HttpClient reader, HttpClient editor, int seedId)
    {
        var answers = new StringBuilder();
        foreach (var (client, path) in new[]
        {
            (reader, $"/api/v1/articles/{SeedArticle.EncodedSlug}"),
            (editor, $"/api/v1/admin/articles/{seedId}"),
            (reader, "/feeds/rss.xml"),
            (reader, "/feeds/feed.json"),
            (reader, "/api/v1/search?q=" + Uri.EscapeDataString("بيلوسوف")),
        })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The channel's build date is when content last changed: the raw rewrite above moves it, not the bodies.
            var answer = System.Text.RegularExpressions.Regex.Replace(await response.Content.ReadAsStringAsync(), "<lastBuildDate>[^<]*</lastBuildDate>", "");
            answers.Append(path).Append('\n').Append(answer).Append('\n');
        }

        return answers.ToString();
    }
}
