using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Search;

/// <summary>
/// Queries typed the way readers type them, over the demo content: each must find the expected article, and
/// where the article's title carries the words, rank it first.
/// </summary>
public sealed class SearchQualityTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    // Titles of demo articles (db/seed/demo-content.json), shortened to a unique part.
    private const string Seed = "رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى";
    private const string Security = "مجلس الأمن يعقد جلسة مشاورات";
    private const string NationalTeamQualifies = "المنتخب الوطنى يتأهل إلى النهائيات";
    private const string GreenEconomy = "مبادرة لتمويل المشروعات الصغيرة العاملة بالاقتصاد الأخضر";
    private const string Marathon = "ماراثون النيل الدولى";
    private const string Cop29 = "انطلاق مؤتمر COP29 في باكو";
    private const string Novel = "رواية «ظلال النخيل»";
    private const string Coach = "مدرب الساحل";
    private const string SpainEmbassy = "سفارة إسبانيا فى القاهرة";
    private const string Universities = "الجامعات العربية تدرج الذكاء الاصطناعى";
    private const string Oil = "أسعار النفط تتراجع";
    private const string ShortFilm = "فيلم مصرى قصير يفوز";
    private const string Sleep = "أطباء ينصحون بالنوم المنتظم";
    private const string Phones = "الهواتف الذكية متوسطة السعر";
    private const string MoscowBeijing = "موسكو وبكين تبحثان";
    private const string BookFair = "معرض الكتاب بمشاركة ٨٠ دار نشر";
    private const string Dialects = "نماذج الذكاء الاصطناعي تقترب من فهم اللهجات العربية";
    private const string Squash = "للإسكواش للناشئات";
    private const string EnergySecurity = "يبحثون أمن الطاقة";
    private const string Stars = "نادى النجوم ينفرد بصدارة الدورى";
    private const string CentralBank = "البنك المركزى يثبت أسعار الفائدة";
    private const string Flu = "حملة موسعة للتطعيم ضد الإنفلونزا";
    private const string Sugar = "تقليل السكر المضاف";

    /// <summary>Query, a unique part of the expected article's title, and whether it must be the first hit.</summary>
    public static TheoryData<string, string, bool> Cases => new()
    {
        // ى and ي are one letter: the seed page spells الروسى, readers type الروسي.
        { "الروسي", Seed, true },
        { "الروسى", Seed, true },
        { "وزير الدفاع الروسي", Seed, true },
        { "المنتخب الوطني يتأهل", NationalTeamQualifies, true },
        { "البنك المركزي", CentralBank, true },
        { "نادي النجوم", Stars, true },
        { "فيلم مصري قصير", ShortFilm, true },
        { "ماراثون النيل الدولي", Marathon, true },
        // ة and ه
        { "روايه ظلال النخيل", Novel, true },
        { "كوريا الشماليه", Seed, true },
        { "حمله التطعيم", Flu, true },
        { "جائزه لجنه التحكيم", ShortFilm, true },
        // Hamza forms: أ إ آ typed as bare alef, and the other way round; ؤ and ئ
        { "اسعار النفط", Oil, true },
        { "امن الطاقه", EnergySecurity, true },
        { "اسبانيا", SpainEmbassy, true },
        { "إسبانيا", SpainEmbassy, true },
        { "الانفلونزا", Flu, true },
        { "الاف العدائين", Marathon, true },
        { "مسوول اممي", Security, true },
        { "اندريه بيلوسوف", Seed, true },
        { "أسعار الفائدة", CentralBank, true },
        // Tashkeel, in the text or in the query
        { "محمد الشرقاوي", Universities, true },
        { "مُحَمَّدٌ عبد الحميد", Sleep, true },
        { "سعاد الحسيني", Novel, true },
        { "النَّوْمَ المُنْتَظِمَ", Sleep, true },
        // Tatweel, in the text (صـحـتـك, مـدن الـضـوء, ثقـافـى) or in the query
        { "صحتك", Marathon, true },
        { "مدن الضوء", SpainEmbassy, true },
        { "برنامج ثقافي متنوع", BookFair, true },
        { "الـدفـاع الـروسـى", Seed, true },
        // Prefixes: و ال لل بال
        { "الدفاع", Seed, true },
        { "دفاع", Seed, false },
        { "والدفاع", Seed, false },
        { "للدفاع", Coach, false },
        { "الدفاع", Coach, false },
        { "بالاقتصاد الأخضر", GreenEconomy, true },
        { "الاقتصاد الاخضر", GreenEconomy, true },
        { "السفارة", SpainEmbassy, false },
        { "التطعيم", Flu, true },
        { "والسكر", Sugar, true },
        // Arabic-Indic and ASCII digits
        { "2024", CentralBank, false },
        { "٢٠٢٤", Flu, false },
        { "٣٠ دولة", Marathon, true },
        { "30 دولة", Marathon, true },
        { "80 دار نشر", BookFair, true },
        // Mixed Arabic and Latin, any case
        { "COP29", Cop29, true },
        { "cop29 باكو", Cop29, true },
        { "مؤتمر Cop29", Cop29, true },
        { "OpenAI", Dialects, true },
        { "openai العربية", Dialects, true },
        // Ranking: the article whose title carries the words comes first
        { "كوريا", Seed, true },
        { "الهواتف الذكية", Phones, true },
        { "موسكو", MoscowBeijing, true },
        { "الإسكواش", Squash, true },
        { "اللهجات العربية", Dialects, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_reader_finds_the_article_the_way_they_type_it(string query, string expectedTitle, bool first)
    {
        var body = await (await _client.GetAsync($"/api/v1/search?pageSize=100&q={Uri.EscapeDataString(query)}")).JsonAsync();
        var titles = body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("article").GetProperty("title").GetString()!).ToList();

        Assert.True(titles.Any(title => title.Contains(expectedTitle, StringComparison.Ordinal)),
            $"'{query}' should find '{expectedTitle}'; found: {string.Join(" | ", titles)}");
        if (first)
        {
            Assert.True(titles[0].Contains(expectedTitle, StringComparison.Ordinal),
                $"'{query}' should rank '{expectedTitle}' first; got: {string.Join(" | ", titles)}");
        }
    }

    [Fact]
    public async Task Each_hit_marks_the_words_it_matched_in_the_original_spelling()
    {
        var body = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("الروسي")}")).JsonAsync();
        var hit = body.GetProperty("items")[0];

        Assert.Equal(SeedArticle.Slug, hit.GetProperty("article").GetProperty("slug").GetString());
        Assert.Contains("<mark>الروسى</mark>", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_match_through_a_prefix_marks_the_whole_written_word()
    {
        var body = await (await _client.GetAsync($"/api/v1/search?pageSize=100&q={Uri.EscapeDataString("الدفاع")}")).JsonAsync();
        var snippets = body.GetProperty("items").EnumerateArray().Select(hit => hit.GetProperty("snippet").GetString()!).ToList();

        Assert.Contains(snippets, snippet => snippet.Contains("<mark>والدفاع</mark>", StringComparison.Ordinal));
        Assert.Contains(snippets, snippet => snippet.Contains("<mark>الدفاع</mark>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_snippet_keeps_diacritics_and_tatweel_of_the_original_text()
    {
        var tashkeel = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("محمد الشرقاوي")}")).JsonAsync();
        var tatweel = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("صحتك")}")).JsonAsync();

        Assert.Contains("<mark>مُحَمَّد</mark> <mark>الشرقاوى</mark>", tashkeel.GetProperty("items")[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Contains("<mark>صـحـتـك</mark>", tatweel.GetProperty("items")[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_word_of_the_query_must_match()
    {
        var both = await (await _client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("الروسي باكو")}")).JsonAsync();

        Assert.Equal(0, both.GetProperty("totalItems").GetInt32());
    }
}
