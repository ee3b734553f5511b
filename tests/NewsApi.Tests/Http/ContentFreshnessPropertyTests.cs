using System.Net;
using System.Net.Http.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Http;

/// <summary>
/// Per-resource freshness, as a property: after any sequence of random writes (an approved comment, an edited article,
/// a newly published one, a scheduled one whose time comes), every cached public answer equals what a fresh instance
/// (output cache off, nothing remembered) computes from the same database, and every answer the write did not touch
/// keeps its ETag. Runs on both engines.
/// </summary>
public sealed class ContentFreshnessPropertyTests
{
    private const int Steps = 10;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Cached_answers_equal_fresh_ones_and_untouched_answers_keep_their_etags(int seed)
    {
        var random = new Random(seed);
        using var factory = Configure(new NewsApiFactory());
        var newsroom = new Newsroom(factory);
        using var reader = factory.CreateClient();
        var (categoryA, categoryB) = TwoCategories(factory);
        var articles = new List<Published>();
        for (var i = 0; i < 4; i++)
        {
            articles.Add(await PublishAsync(newsroom, i % 2 == 0 ? categoryA : categoryB, i % 2 == 0 ? "رياضة" : "سياسة", $"خبر رقم {i}"));
        }

        var before = await ReadAllAsync(reader, articles, categoryA, categoryB);
        for (var step = 0; step < Steps; step++)
        {
            var target = articles[random.Next(articles.Count)];
            var kind = random.Next(4);
            HashSet<string> touched;
            switch (kind)
            {
                case 0:
                    await CommentAsync(reader, target);
                    touched = ["article:" + target.Id, "comments:" + target.Id, .. ListsOf(target)];
                    break;
                case 1:
                    var slug = newsroom.ArticleSlug(target.Id);
                    await RetitleAsync(newsroom, target, $"عنوان معدل {seed}-{step}");
                    touched = ["article:" + target.Id, "comments:" + target.Id, .. ListsOf(target)];
                    if (newsroom.ArticleSlug(target.Id) != slug)
                    {
                        // A new slug changes where the article answers: the directory, which the taxonomy lists share.
                        touched.UnionWith(["directory", "directory:tags"]);
                    }

                    break;
                case 2:
                    var added = await PublishAsync(newsroom, step % 2 == 0 ? categoryA : categoryB, "رياضة", $"خبر جديد {step}");
                    articles.Add(added);
                    touched = [.. ListsOf(added), "directory", "directory:tags"];
                    break;
                default:
                    // Scheduled a minute ahead, then the clock moves past it: the lists must show it with no other write.
                    var scheduled = await PublishAsync(newsroom, categoryB, "سياسة", $"خبر مجدول {step}", factory.Clock.Now.AddMinutes(1));
                    factory.Clock.Now = factory.Clock.Now.AddMinutes(2);
                    articles.Add(scheduled);
                    touched = [.. ListsOf(scheduled), "directory", "directory:tags"];
                    break;
            }

            var after = await ReadAllAsync(reader, articles, categoryA, categoryB);
            var fresh = await ReadFreshAsync(factory, articles, categoryA, categoryB);
            foreach (var (resource, answer) in after)
            {
                Assert.True(fresh[resource].Body == answer.Body, $"seed {seed}, step {step} (write {kind}): the cached {resource} differs from a fresh one.");
                if (before.TryGetValue(resource, out var earlier) && !touched.Contains(resource))
                {
                    Assert.True(earlier.ETag == answer.ETag, $"seed {seed}, step {step} (write {kind}): {resource} was not touched, yet its ETag moved.");
                }
            }

            before = after;
        }
    }

    [Fact]
    public async Task Public_answers_name_what_they_depend_on_as_surrogate_keys()
    {
        using var factory = Configure(new NewsApiFactory());
        var newsroom = new Newsroom(factory);
        using var client = factory.CreateClient();
        var (categoryA, _) = TwoCategories(factory);
        var article = await PublishAsync(newsroom, categoryA, "رياضة", "خبر للمفاتيح");

        var detail = await client.GetAsync($"/api/v1/articles/{article.Id}");
        Assert.Equal($"article-{article.Id} labels", string.Join(' ', detail.Headers.GetValues("Surrogate-Key")));
        Assert.Equal($"article-{article.Id},labels", string.Join(' ', detail.Headers.GetValues("Cache-Tag")));

        var comments = await client.GetAsync($"/api/v1/articles/{article.Id}/comments");
        Assert.Equal($"comments-{article.Id} article-{article.Id}", string.Join(' ', comments.Headers.GetValues("Surrogate-Key")));

        var list = await client.GetAsync($"/api/v1/articles?category={categoryA.Slug}");
        Assert.Contains($"list-category-{categoryA.Id}", list.Headers.GetValues("Surrogate-Key").Single().Split(' '));

        var categories = await client.GetAsync("/api/v1/categories");
        Assert.Equal("taxonomy", categories.Headers.GetValues("Surrogate-Key").Single());
    }

    private static NewsApiFactory Configure(NewsApiFactory factory) => factory
        .With("NewsApi:Comments:Moderation", "auto")
        .With("NewsApi:Comments:RateLimit:PermitLimit", "0")
        .With("NewsApi:Comments:FloodIntervalSeconds", "0");

    private sealed record Category(int Id, string Slug);

    private sealed record Published(int Id, Category Category, string Tag);

    private static IEnumerable<string> ListsOf(Published article) =>
        ["list:all", "list:category:" + article.Category.Slug, "list:tag:" + article.Tag, "search", "rss"];

    private static (Category A, Category B) TwoCategories(NewsApiFactory factory)
    {
        using var db = factory.OpenDatabase();
        var rows = db.Query<(long Id, string Slug)>("SELECT id, slug FROM categories WHERE parent_id IS NULL ORDER BY id LIMIT 2").ToList();
        if (rows.Count < 2)
        {
            db.Execute("INSERT INTO categories (slug, name, created_at, updated_at) VALUES ('second', 'قسم ثان', @Now, @Now)",
                new { Now = NewsApi.Data.Timestamps.ToDb(factory.Clock.Now) });
            rows = db.Query<(long Id, string Slug)>("SELECT id, slug FROM categories WHERE parent_id IS NULL ORDER BY id LIMIT 2").ToList();
        }

        return (new Category((int)rows[0].Id, rows[0].Slug), new Category((int)rows[1].Id, rows[1].Slug));
    }

    private static async Task<Published> PublishAsync(Newsroom newsroom, Category category, string tag, string title, DateTimeOffset? at = null) =>
        // The tags here are single words without marks: each one's slug is its name.
        new(await newsroom.PublishAsync(title, category.Slug, [tag], at: at), category, tag);

    private static async Task CommentAsync(HttpClient client, Published article)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/articles/{article.Id}/comments",
            new { authorName = "قارئ", authorEmail = $"reader{Guid.NewGuid():N}@example.com", body = "تعليق " + Guid.NewGuid().ToString("N") });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task RetitleAsync(Newsroom newsroom, Published article, string title)
    {
        var current = await newsroom.Editor.GetAsync($"/api/v1/admin/articles/{article.Id}");
        var body = await current.JsonAsync();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/articles/{article.Id}")
        {
            Content = JsonContent.Create(new
            {
                title,
                bodyHtml = body.GetProperty("content").GetProperty("html").GetString(),
                categoryId = article.Category.Id,
                tags = new[] { article.Tag },
            }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        (await newsroom.Editor.SendAsync(put)).EnsureSuccessStatusCode();
    }

    private sealed record Answer(string? ETag, string Body);

    private static Dictionary<string, string> Urls(List<Published> articles, Category a, Category b)
    {
        var urls = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["list:all"] = "/api/v1/articles",
            ["list:category:" + a.Slug] = "/api/v1/articles?category=" + Uri.EscapeDataString(a.Slug),
            ["list:category:" + b.Slug] = "/api/v1/articles?category=" + Uri.EscapeDataString(b.Slug),
            ["list:tag:رياضة"] = "/api/v1/articles?tag=" + Uri.EscapeDataString("رياضة"),
            ["list:tag:سياسة"] = "/api/v1/articles?tag=" + Uri.EscapeDataString("سياسة"),
            ["search"] = "/api/v1/search?q=" + Uri.EscapeDataString("خبر"),
            ["rss"] = "/feeds/rss.xml",
            ["directory"] = "/api/v1/categories",
            ["directory:tags"] = "/api/v1/tags",
        };
        foreach (var article in articles)
        {
            urls["article:" + article.Id] = $"/api/v1/articles/{article.Id}";
            urls["comments:" + article.Id] = $"/api/v1/articles/{article.Id}/comments";
        }

        return urls;
    }

    private static async Task<Dictionary<string, Answer>> ReadAllAsync(HttpClient client, List<Published> articles, Category a, Category b)
    {
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (resource, url) in Urls(articles, a, b))
        {
            // Twice: the second answer comes from the output cache when the first was stored.
            await client.GetAsync(url);
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            answers[resource] = new Answer(response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync());
        }

        return answers;
    }

    /// <summary>A new instance on the same database, with nothing cached: what the answers should be.</summary>
    private static async Task<Dictionary<string, Answer>> ReadFreshAsync(NewsApiFactory factory, List<Published> articles, Category a, Category b)
    {
        using var fresh = Configure(new NewsApiFactory())
            .With("ConnectionStrings:News", factory.ConnectionString)
            .With("NewsApi:Http:OutputCache", "false");
        fresh.Clock.Now = factory.Clock.Now;
        using var client = fresh.CreateClient();
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (resource, url) in Urls(articles, a, b))
        {
            var response = await client.GetAsync(url);
            answers[resource] = new Answer(response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync());
        }

        return answers;
    }
}
