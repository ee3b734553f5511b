using NewsApi.Http;

namespace NewsApi.Related;

/// <summary>The related feature's problem texts, in Arabic or English after Accept-Language (see <see cref="Messages"/>).</summary>
public static class RelatedMessages
{
    private static string Pick(string english, string arabic) => Messages.IsArabic ? arabic : english;

    public static string OneForm => Pick(
        "Give either 'articleId', or 'title' and 'url' — exactly one of the two forms.",
        "أرسل إما 'articleId' وإما 'title' و'url' معًا: صيغة واحدة فقط من الاثنتين.");

    public static string TitleRequired => Pick("An external link needs a 'title' of 1 to 300 characters.", "يحتاج الرابط الخارجي إلى 'title' من 1 إلى 300 حرف.");

    public static string PositiveId => Pick("'articleId' must be a positive whole number.", "يجب أن تكون قيمة 'articleId' عددًا صحيحًا موجبًا.");

    public static string Duplicate => Pick("This item is already in the list.", "هذا العنصر موجود في القائمة من قبل.");

    public static string Self => Pick("An article cannot be related to itself.", "لا يمكن أن تكون المقالة ذات صلة بنفسها.");
}
