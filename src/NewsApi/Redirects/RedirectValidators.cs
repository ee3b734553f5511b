using FluentValidation;
using NewsApi.Http;

namespace NewsApi.Redirects;

public sealed class RedirectQueryValidator : AbstractValidator<RedirectQuery>
{
    public RedirectQueryValidator() =>
        RuleFor(q => q.Path)
            .Cascade(CascadeMode.Stop)
            .Must(path => !string.IsNullOrWhiteSpace(path))
            .OverridePropertyName("path")
            .WithMessage(_ => RedirectMessages.PathRequired)
            .MustBeAtMost("path", RedirectPaths.MaxLength);
}

/// <summary>The redirect lookup's problem texts, in Arabic or English after Accept-Language (see <see cref="Messages"/>).</summary>
public static class RedirectMessages
{
    private static string Pick(string english, string arabic) => Messages.IsArabic ? arabic : english;

    public static string PathRequired => Pick(
        "'path' is required: the old address to look up, such as /2024/11/29/old-slug/ or the whole URL.",
        "المعامل 'path' مطلوب: العنوان القديم المراد البحث عنه، مثل /2024/11/29/old-slug/ أو الرابط كاملًا.");

    public static string NotFound(string path) => Pick(
        $"No published article, category or tag is known by the old address '{path}'.",
        $"لا توجد مقالة منشورة أو قسم أو وسم معروف بالعنوان القديم '{path}'.");
}
