namespace NewsApi.Tests.Infrastructure;

/// <summary>Facts of the real page the product starts from (shared/seeds/000_79f166810296f7cd.txt).</summary>
public static class SeedArticle
{
    public const string Title = "رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى";
    public const string Slug = "رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى";
    public const string SubHeading = "عرض فنى ترحيبا بالوفد العسكرى الروسى";
    public const string FirstParagraph = "استقبلت كوريا الشمالية وزير الدفاع الروسى أندريه بيلوسوف، فى زيارة إلى كوريا بصفته رئيس الوفد العسكرى للاتحاد الروسى.";
    public const string CategoryName = "اخبار عالمية وسفارات";
    public const string CategorySlug = "اخبار-عالمية-وسفارات";

    public static string EncodedSlug => Uri.EscapeDataString(Slug);
}
