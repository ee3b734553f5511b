using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using NewsApi.Articles;
using NewsApi.Authors;
using NewsApi.Categories;
using NewsApi.Comments;
using NewsApi.Search;
using NewsApi.Tags;
using NewsApi.Text;

namespace NewsApi.OpenApi;

/// <summary>Arabic examples for the main schemas, taken from the demo content's first article.</summary>
public static class OpenApiExamples
{
    private const string Slug = "رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى";
    private static readonly DateTime Published = new(2024, 11, 29, 10, 0, 0, DateTimeKind.Utc);
    private static readonly CategoryRef World = new(1, "اخبار-عالمية-وسفارات", "اخبار عالمية وسفارات");
    private static readonly TagRef[] SampleTags = [new("روسيا", "روسيا"), new("كوريا-الشمالية", "كوريا الشمالية")];
    private static readonly AuthorRef SampleAuthor = new("سارة-عبد-الرحمن", "سارة عبد الرحمن");

    private static ArticleSummary SampleSummary() => new(
        1, Slug, "رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى",
        "استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف، فى زيارة إلى كوريا بصفته رئيس الوفد العسكرى للاتحاد الروسى.",
        "ar", "rtl", World, SampleTags, SampleAuthor, null, Published, Published, 3, 2, true, ArticleStore.LinksFor(Slug), false);

    private static ArticleDetail SampleDetail() => new(
        1, Slug, "رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى", null,
        "استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف.",
        "ar", "rtl", World, SampleTags, SampleAuthor, null, Published, Published, 3, 2, true, ArticleStore.LinksFor(Slug),
        new ArticleBody(
            "<p>استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف.</p><h2>عرض فنى ترحيبا بالوفد العسكرى الروسى</h2>",
            [new ParagraphBlock("استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف."), new HeadingBlock(2, "عرض فنى ترحيبا بالوفد العسكرى الروسى")],
            12),
        false);

    private static readonly Dictionary<Type, Func<object>> Samples = new()
    {
        [typeof(ArticleSummary)] = SampleSummary,
        // What GET /api/v1/search?q=الروسي answers for the seed article, which spells الروسى.
        [typeof(SearchHit)] = () => new SearchHit(
            SampleSummary(),
            "استقبلت كوريا الشمالية وزير الدفاع <mark>الروسى</mark> أندريه بيلوسوف، فى زيارة إلى كوريا بصفته رئيس الوفد العسكرى للاتحاد <mark>الروسى</mark>. …"),
        [typeof(ArticleDetail)] = SampleDetail,
        [typeof(Category)] = () => new Category(1, World.Slug, World.Name, "أخبار العالم والسفارات والعلاقات الدولية", null, 6,
            new CategoryLinks("/api/v1/categories/" + Uri.EscapeDataString(World.Slug), "/api/v1/articles?category=" + Uri.EscapeDataString(World.Slug))),
        [typeof(Search.SuggestionList)] = () => new Search.SuggestionList(
        [
            new("روسيا", Search.SuggestionKind.Tag, "روسيا"),
            new("رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى", Search.SuggestionKind.Article, Slug),
        ]),
        [typeof(Tag)] = () => new Tag("روسيا", "روسيا", 4, new TagLinks("/api/v1/articles?tag=" + Uri.EscapeDataString("روسيا"))),
        [typeof(Author)] = () => new Author(SampleAuthor.Slug, SampleAuthor.Name, "محررة الشؤون الدولية.", 7,
            new AuthorLinks("/api/v1/articles?author=" + Uri.EscapeDataString(SampleAuthor.Slug))),
        [typeof(Related.RelatedList)] = () => new Related.RelatedList(
        [
            new Related.RelatedArticle(SecurityCouncil(), Related.RelatedReasons.Curated),
            new Related.RelatedLink("وكالة الأنباء المركزية الكورية: تفاصيل الزيارة", "https://example.com/kcna/belousov-visit"),
            new Related.RelatedArticle(SecurityCouncil() with { Id = 20, Slug = "موسكو-وبكين-تبحثان-توسيع-التبادل-التجارى-بالعملات-المحلية", Title = "موسكو وبكين تبحثان توسيع التبادل التجارى بالعملات المحلية", Links = ArticleStore.LinksFor("موسكو-وبكين-تبحثان-توسيع-التبادل-التجارى-بالعملات-المحلية") }, Related.RelatedReasons.Tags),
        ]),
        // A client coming back: one article changed (the seed article, which gained a comment), one withdrawn.
        [typeof(Sync.SyncPage)] = () => new Sync.SyncPage(
            [new Sync.SyncUpsert(SampleDetail()), new Sync.SyncDelete(12)], "AQAAAAAAAAAqAAAAAAAAAAy3Gm0rX9Qb2m8RrVhV0Ukx", false),
        [typeof(Related.AdminRelatedLink)] = () => new Related.AdminRelatedLink("article", 3, "مجلس الأمن يعقد جلسة مشاورات بشأن الوضع في شبه الجزيرة الكورية", null, true),
        [typeof(Feeds.JsonFeed)] = () => new Feeds.JsonFeed(
            "https://jsonfeed.org/version/1.1", "NewsApi", "https://news.example.com/", "https://news.example.com/feeds/feed.json", "آخر الأخبار", "ar",
            [
                new Feeds.JsonFeedItem(
                    "https://news.example.com/api/v1/articles/" + Uri.EscapeDataString(Slug), "https://news.example.com/api/v1/articles/" + Uri.EscapeDataString(Slug),
                    "رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى", "<p>استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف.</p>",
                    "استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف.", null, Published, Published,
                    [new Feeds.JsonFeedAuthor(SampleAuthor.Name)], [World.Name, .. SampleTags.Select(t => t.Name)], "ar"),
            ]),
        [typeof(Comment)] = () => new Comment(
            1, null, "أحمد سمير", null, "زيارة مهمة فى توقيت حساس.\nننتظر نتائج المحادثات.", Published.AddHours(2),
            [new Comment(3, 1, "يوسف كامل", "https://example.com/youssef", "أتفق معك، التوقيت ليس صدفة.", Published.AddHours(3), [])]),
        [typeof(CommentRequest)] = () => new CommentRequest(
            "منى شريف", "mona@example.org", "تغطية ممتازة، شكرًا على التفاصيل.", AuthorUrl: null, ParentId: null, Website: ""),
        [typeof(CommentAccepted)] = () => new CommentAccepted(15, CommentStatuses.Pending, "q8vXb3l0Wm2TgP4sKd9aEw7yNc1RfJ6hUo5iLz0VeYA"),
        [typeof(CommentStatusRequest)] = () => new CommentStatusRequest(CommentStatuses.Approved),
        [typeof(AdminComment)] = () => new AdminComment(
            15, 1, Slug, null, "منى شريف", "mona@example.org", null, "تغطية ممتازة، شكرًا على التفاصيل.", CommentStatuses.Pending,
            "203.0.113.9", "Mozilla/5.0", Published.AddHours(4), Published.AddHours(4)),
        [typeof(Preview.PreviewLink)] = () => new Preview.PreviewLink(
            PreviewToken, "https://news.example.com/api/v1/preview/" + PreviewToken, Published.AddHours(1)),
        // Old links (issue 17): what GET /api/v1/redirects?path=/2024/11/29/… answers for the seed article's WordPress permalink.
        [typeof(Redirects.RedirectTarget)] = () => new Redirects.RedirectTarget(ArticleStore.LinksFor(Slug).Self, "article", 1, Slug),
        [typeof(ProblemDetails)] = () => new ProblemDetails
        {
            Type = "https://newsapi.dev/problems/not-found",
            Title = "غير موجود",
            Status = 404,
            Detail = "لا توجد مقالة منشورة بالمعرّف أو الرابط 'مقالة-غير-موجودة'.",
            Instance = "/api/v1/articles/مقالة-غير-موجودة",
            Extensions = { ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
        },
    };

    // The shape of a real token (134 base64url characters); this one opens nothing.
    private const string PreviewToken =
        "CfDJ8NwQ3r6u1TtHnK0yZp9xLmVb2sXcR4aGdE7fJhUiOqWk5lYvB8nMzAe1tPgS3oIuC6dF9rHjK2wQxNb7vLmTsEa0yGp4iZcO5hUfR8kJ1nDlWq3eXt6YoBzMv9aSPr_-wQ";

    private static ArticleSummary SecurityCouncil()
    {
        const string slug = "مجلس-الأمن-يعقد-جلسة-مشاورات-بشأن-الوضع-في-شبه-الجزيرة-الكورية";
        return new ArticleSummary(
            3, slug, "مجلس الأمن يعقد جلسة مشاورات بشأن الوضع في شبه الجزيرة الكورية",
            "عقد مجلس الأمن الدولى جلسة مشاورات مغلقة لبحث التطورات فى شبه الجزيرة الكورية.",
            "ar", "rtl", World, [SampleTags[1]], SampleAuthor, null, Published.AddHours(-5), Published.AddHours(-5), 2, 0, true, ArticleStore.LinksFor(slug), false);
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            NewsApiJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    private const string CommentsPath = "/api/v1/articles/" + Slug + "/comments";

    /// <summary>Arabic problem examples for one operation's refusals, by status code.</summary>
    public static IEnumerable<(string Status, JsonNode Example)> ProblemsOf(string operationId) => operationId switch
    {
        "submitComment" =>
        [
            ("403", Problem(403, "forbidden", "ممنوع", "التعليقات على هذه المقالة مغلقة.", CommentsPath)),
            ("413", Problem(413, "payload-too-large", "حجم الطلب كبير جدًا", "يجب ألا يزيد حجم محتوى الطلب عن 64 كيلوبايت.", CommentsPath)),
            ("415", Problem(415, "unsupported-media-type", "نوع المحتوى غير مدعوم", "أرسل المحتوى بصيغة JSON مع الترويسة 'Content-Type: application/json'.", CommentsPath)),
            ("422", Problem(422, "unprocessable", "طلب غير قابل للمعالجة", "أُرسل مفتاح Idempotency-Key هذا مع طلب مختلف. استخدم مفتاحًا جديدًا لكل تعليق جديد.", CommentsPath)),
            ("429", Problem(429, "too-many-requests", "طلبات كثيرة جدًا", "يجب أن تفصل 15 ثانية على الأقل بين تعليقين من عنوان البريد نفسه والعنوان نفسه. أعد المحاولة بعد المدة المذكورة في Retry-After.", CommentsPath)),
        ],
        "listSearchResults" or "listArticles" =>
        [
            ("429", Problem(429, "too-many-requests", "طلبات كثيرة جدًا", "عمليات بحث كثيرة جدًا من عنوانك. أعد المحاولة بعد المدة المذكورة في Retry-After.", SearchPath(operationId))),
            ("503", Problem(503, "unavailable", "الخدمة غير متاحة", "عمليات بحث كثيرة جدًا قيد التنفيذ الآن. أعد المحاولة بعد المدة المذكورة في Retry-After.", SearchPath(operationId))),
        ],
        "getPreview" =>
        [
            ("404", Problem(404, "not-found", "غير موجود", "رابط المعاينة هذا غير صالح أو انتهت صلاحيته. اطلب رابطًا جديدًا.", "/api/v1/preview/" + PreviewToken)),
        ],
        "findRedirect" =>
        [
            ("404", Problem(404, "not-found", "غير موجود", "لا توجد مقالة منشورة أو قسم أو وسم معروف بالعنوان القديم '/2019/03/05/خبر-قديم/'.", "/api/v1/redirects")),
        ],
        "adminModerateComment" =>
        [
            ("409", Problem(409, "conflict", "تعارض", "وافق أولًا على التعليق الذي يرد عليه هذا التعليق.", "/api/v1/admin/comments/16")),
        ],
        _ => [],
    };

    private static string SearchPath(string operationId) => operationId == "listArticles" ? "/api/v1/articles?q=الروسي" : "/api/v1/search?q=الروسي";

    /// <summary>The 503 of a write the database could not store (disk full, locked, I/O error), at a route template filled with sample values.</summary>
    public static JsonNode StorageUnavailable(string? routeTemplate) => Problem(503, "unavailable", "الخدمة غير متاحة",
        "تعذر على قاعدة البيانات حفظ أي شيء الآن (التخزين ممتلئ أو غير متاح)، لذا لم يُنفَّذ هذا الطلب. أعد المحاولة بعد المدة المذكورة في Retry-After.",
        "/" + System.Text.RegularExpressions.Regex.Replace(routeTemplate ?? "", @"\{id(:\w+)?\}", "12").Replace("{slug}", Slug, StringComparison.Ordinal).TrimEnd('/'));

    private static JsonObject Problem(int status, string type, string title, string detail, string instance) => new JsonObject
    {
        ["type"] = "https://newsapi.dev/problems/" + type,
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
        ["instance"] = instance,
        ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    };

    public static JsonNode? For(Type type) =>
        Samples.TryGetValue(type, out var sample) ? JsonSerializer.SerializeToNode(sample(), type, Options) : null;
}
