using System.Net;
using System.Net.Http.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Articles;

/// <summary>
/// Every public route keyed by an article's slug-or-id accepts the same keys: whatever names the article on
/// <c>GET /articles/{slug}</c> names it on its comments and related routes too (one resolver, PublicArticles.Resolve).
/// </summary>
public sealed class ArticleKeyAgreementTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private const string FormerSlug = "رئيس-كوريا-يستقبل-وزير-الدفاع";

    private readonly HttpClient _client = factory.CreateClient();

    private async Task<(int Id, Dictionary<string, string> Keys)> KeysAsync()
    {
        var id = (await (await _client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).JsonAsync()).GetProperty("id").GetInt32();
        using (var db = factory.OpenDatabase())
        {
            db.Execute("INSERT INTO article_slug_aliases (slug, article_id) VALUES (@FormerSlug, @id) ON CONFLICT DO NOTHING", new { FormerSlug, id });
        }

        var text = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var keys = new Dictionary<string, string>
        {
            ["id"] = text,
            ["id with leading zeros"] = text.PadLeft(10, '0'),
            ["id in Arabic-Indic digits"] = new(text.Select(c => (char)('\u0660' + (c - '0'))).ToArray()),
            ["raw slug"] = SeedArticle.Slug,
            ["percent-encoded slug"] = SeedArticle.EncodedSlug,
            ["slug with harakat and tatweel"] = Uri.EscapeDataString(SeedArticle.Slug.Replace("الروسى", "الـرُّوسى", StringComparison.Ordinal)),
            ["NFD slug"] = Uri.EscapeDataString(SeedArticle.Slug.Normalize(System.Text.NormalizationForm.FormD)),
            ["former slug"] = Uri.EscapeDataString(FormerSlug),
        };
        return (id, keys);
    }

    [Fact]
    public async Task Every_article_keyed_route_accepts_every_form_the_others_accept()
    {
        var (id, keys) = await KeysAsync();
        var failures = new List<string>();
        foreach (var (form, key) in keys)
        {
            var article = await _client.GetAsync($"/api/v1/articles/{key}");
            if (article.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"GET /articles/{{{form}}}: {(int)article.StatusCode}");
            }
            else if ((await article.JsonAsync()).GetProperty("id").GetInt32() != id)
            {
                failures.Add($"GET /articles/{{{form}}}: another article");
            }

            var withRelated = await _client.GetAsync($"/api/v1/articles/{key}?include=related");
            if (withRelated.StatusCode != HttpStatusCode.OK || !(await withRelated.JsonAsync()).TryGetProperty("related", out _))
            {
                failures.Add($"GET /articles/{{{form}}}?include=related: {(int)withRelated.StatusCode} or no related");
            }

            foreach (var route in new[] { "comments", "related" })
            {
                var response = await _client.GetAsync($"/api/v1/articles/{key}/{route}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"GET /articles/{{{form}}}/{route}: {(int)response.StatusCode}");
                }
            }

            // An empty body is refused after the article is found: anything but 404 means the key resolved.
            var submit = await _client.PostAsJsonAsync($"/api/v1/articles/{key}/comments", new { });
            if (submit.StatusCode == HttpStatusCode.NotFound)
            {
                failures.Add($"POST /articles/{{{form}}}/comments: 404");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Every_article_keyed_route_refuses_what_names_no_public_article()
    {
        string[] unknown = ["999999", "0000999999", "99999999999", "لا-يوجد-مقال-بهذا-الاسم"];
        foreach (var key in unknown)
        {
            foreach (var route in new[] { "", "/comments", "/related" })
            {
                var response = await _client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(key)}{route}");
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET /articles/{key}{route}: {(int)response.StatusCode}");
            }

            var submit = await _client.PostAsJsonAsync($"/api/v1/articles/{Uri.EscapeDataString(key)}/comments", new { });
            Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
        }
    }
}
