using System.Net;
using System.Text.Json;
using Dapper;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Articles;

/// <summary>
/// GET /articles/{slug} reads the article and its tags in one command, each statement naming the article by the key of
/// the URL: by slug, by a former slug and by id it must be the same article with the same tags in their order, and an
/// article that is not public must answer 404 with no tags of its leaking anywhere.
/// </summary>
public sealed class ArticleLookupRoundTripTests : IDisposable
{
    private readonly NewsApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static async Task<JsonElement> ArticleAsync(HttpClient client, string key) =>
        await (await client.GetAsync($"/api/v1/articles/{Uri.EscapeDataString(key)}")).JsonAsync(HttpStatusCode.OK);

    private static string[] Tags(JsonElement article) =>
        article.GetProperty("tags").EnumerateArray().Select(tag => tag.GetProperty("slug").GetString()!).ToArray();

    [Fact]
    public async Task Slug_former_slug_and_id_answer_the_same_article_with_its_tags_in_their_order()
    {
        var client = _factory.CreateClient();
        int id;
        string[] tagsInOrder;
        using (var db = _factory.OpenDatabase())
        {
            id = db.ExecuteScalar<int>("SELECT id FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });
            // Reverse the stored order, so an answer in name or id order would differ from the position order.
            var tagIds = db.Query<long>("SELECT tag_id FROM article_tags WHERE article_id = @Id ORDER BY position", new { Id = id }).ToList();
            Assert.True(tagIds.Count >= 2, "the seed article has tags");
            for (var i = 0; i < tagIds.Count; i++)
            {
                db.Execute("UPDATE article_tags SET position = @Position WHERE article_id = @Id AND tag_id = @Tag",
                    new { Position = tagIds.Count - i, Id = id, Tag = tagIds[i] });
            }

            tagsInOrder = db.Query<string>(
                "SELECT t.slug FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = @Id ORDER BY at.position",
                new { Id = id }).ToArray();
            db.Execute("INSERT INTO article_slug_aliases (slug, article_id) VALUES ('عنوان-سابق-للخبر', @Id)", new { Id = id });
        }

        var bySlug = await ArticleAsync(client, SeedArticle.Slug);
        var byFormerSlug = await ArticleAsync(client, "عنوان-سابق-للخبر");
        var byId = await ArticleAsync(client, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(tagsInOrder, Tags(bySlug));
        Assert.All(new[] { bySlug, byFormerSlug, byId }, article =>
        {
            Assert.Equal(id, article.GetProperty("id").GetInt32());
            Assert.Equal(SeedArticle.Slug, article.GetProperty("slug").GetString());
            Assert.Equal(tagsInOrder, Tags(article));
        });
    }

    [Fact]
    public async Task An_article_made_a_draft_answers_404_by_slug_and_by_id()
    {
        var client = _factory.CreateClient();
        int id;
        using (var db = _factory.OpenDatabase())
        {
            id = db.ExecuteScalar<int>("SELECT id FROM articles WHERE slug = @Slug", new { SeedArticle.Slug });
            db.Execute("UPDATE articles SET status = 'draft' WHERE id = @Id", new { Id = id });
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{SeedArticle.EncodedSlug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
    }
}
