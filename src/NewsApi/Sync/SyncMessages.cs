using NewsApi.Http;

namespace NewsApi.Sync;

/// <summary>The sync feed's problem texts, in Arabic or English after Accept-Language (see <see cref="Messages"/>).</summary>
public static class SyncMessages
{
    private static string Pick(string english, string arabic) => Messages.IsArabic ? arabic : english;

    public static string UnknownToken => Pick(
        "'token' is not one this API gave out, or it was altered: start again without it and keep the 'next' of each answer.",
        "قيمة 'token' ليست مما أعطته هذه الواجهة أو عُدّلت: ابدأ من جديد بدونها واحتفظ بقيمة 'next' من كل إجابة.");
}
