using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Admin;
using NewsApi.Tests.Comments;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Contract;

/// <summary>
/// One service for the whole fuzz run: its own database with the demo content, the comment rate limit and flood
/// interval off (they would answer 429 by how fast the fuzzer is, not by what it sends), a clock that does not move,
/// the served OpenAPI document, and content created for writes to hit.
/// </summary>
public sealed class ContractFuzzFixture : IAsyncLifetime
{
    /// <summary>The fuzzer's own commenter: submitted during setup and the run, and approved by fuzzed PATCHes.</summary>
    public const string ReaderEmail = "contract-fuzz.reader-5d1c@private-example.net";

    private string _allScopes = "";
    private string _contentOnly = "";
    private string _moderationOnly = "";

    public NewsApiFactory Factory { get; } = CommentTestData.Unthrottled();

    public HttpClient Client { get; private set; } = null!;

    public ServedContract Contract { get; private set; } = null!;

    public FuzzPools Pools { get; private set; } = null!;

    /// <summary>E-mail addresses that no public route may show: every seeded commenter's and the fuzzer's.</summary>
    public IReadOnlyList<string> PrivateEmails { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // Fixed, so that scheduled articles, ETags and "now" are the same in every run of a seed.
        Factory.Clock.Now = new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
        Client = Factory.CreateClient();
        Contract = await ServedContract.LoadAsync(Client);

        var keys = Factory.Services.GetRequiredService<ApiKeyStore>();
        _allScopes = keys.Create("fuzz: all scopes", ApiKeyStore.KnownScopes).Secret;
        _contentOnly = keys.Create("fuzz: content only", [ApiKeyStore.ContentWrite]).Secret;
        _moderationOnly = keys.Create("fuzz: moderation only", [ApiKeyStore.CommentsModerate]).Secret;

        var targets = await CreateWriteTargetsAsync();
        using var db = Factory.OpenDatabase();
        Pools = new FuzzPools(
            db.Query<string>("SELECT slug FROM articles ORDER BY id").ToArray(),
            db.Query<int>("SELECT id FROM articles ORDER BY id").ToArray(),
            db.Query<string>("SELECT slug FROM categories ORDER BY id").ToArray(),
            db.Query<int>("SELECT id FROM categories ORDER BY id").ToArray(),
            db.Query<string>("SELECT slug FROM tags ORDER BY id").ToArray(),
            db.Query<int>("SELECT id FROM tags ORDER BY id").ToArray(),
            db.Query<string>("SELECT slug FROM authors ORDER BY id").ToArray(),
            db.Query<int>("SELECT id FROM authors ORDER BY id").ToArray(),
            db.Query<int>("SELECT id FROM comments ORDER BY id").ToArray(),
            targets);
        Assert.Contains(SeedArticle.Slug, Pools.ArticleSlugs);

        var seeded = db.Query<string>("SELECT DISTINCT author_email FROM comments WHERE author_email <> @ReaderEmail", new { ReaderEmail }).ToList();
        Assert.NotEmpty(seeded);
        PrivateEmails = [.. seeded, ReaderEmail];
    }

    /// <summary>The Authorization secret for a request's kind of key; "wrong scope" is the scope the route does not need.</summary>
    public string? Secret(FuzzKey key, ContractOperation operation) => key switch
    {
        FuzzKey.AllScopes => _allScopes,
        FuzzKey.WrongScope => operation.Path.StartsWith("/api/v1/admin/comments", StringComparison.Ordinal) ? _contentOnly : _moderationOnly,
        _ => null,
    };

    // Articles (published and draft), taxonomy and comments that fuzzed writes may change or delete, so the seed
    // article and its category stay there for the reads.
    private async Task<FuzzPools.Writable> CreateWriteTargetsAsync()
    {
        var newsroom = new Newsroom(Factory);

        async Task<int> Create(string path, object body) =>
            (await (await newsroom.Editor.PostAsJsonAsync(path, body)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var categories = new[] { await Create("/api/v1/admin/categories", new { name = "فئة للتجربة" }), await Create("/api/v1/admin/categories", new { name = "فئة أخرى" }) };
        var tags = new[] { await Create("/api/v1/admin/tags", new { name = "وسم للتجربة" }), await Create("/api/v1/admin/tags", new { name = "وسم آخر" }) };
        var authors = new[] { await Create("/api/v1/admin/authors", new { name = "كاتب للتجربة" }), await Create("/api/v1/admin/authors", new { name = "كاتب آخر" }) };
        var articles = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var body = $"<p>{SeedArticle.FirstParagraph}</p><h2>{SeedArticle.SubHeading}</h2><p>فقرة رقم {i}.</p>";
            articles.Add(i % 2 == 0
                ? await newsroom.PublishAsync($"{SeedArticle.Title} {i}", SeedArticle.CategorySlug, ["روسيا", "وسم للتجربة"], body)
                : await newsroom.DraftAsync($"{SeedArticle.Title} {i}", SeedArticle.CategorySlug, ["روسيا"], body));
        }

        var comments = new List<int>();
        foreach (var slug in new[] { SeedArticle.Slug, newsroom.ArticleSlug(articles[0]) })
        {
            for (var i = 0; i < 2; i++)
            {
                var response = await Client.PostCommentAsync(CommentTestData.CommentsPath(slug), CommentTestData.Valid(ReaderEmail, $"تعليق للتجربة رقم {i}"));
                comments.Add((await response.JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetInt32());
            }
        }

        // One of the fuzzer's comments is public from the start, so the e-mail property is tested against a page
        // that shows its author's other fields.
        using var moderator = Factory.CreateClientWithKey(ApiKeyStore.CommentsModerate);
        await (await moderator.PatchAsJsonAsync($"/api/v1/admin/comments/{comments[0]}", new { status = "approved" })).JsonAsync();
        var shown = await Client.GetStringAsync(CommentTestData.SeedCommentsPath + "?pageSize=100");
        Assert.Contains("تعليق للتجربة رقم 0", shown, StringComparison.Ordinal);

        return new FuzzPools.Writable([.. articles], categories, tags, authors, [.. comments]);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
