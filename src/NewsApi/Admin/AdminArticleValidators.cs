using FluentValidation;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Admin;

public sealed class ArticleWriteRequestValidator : AbstractValidator<ArticleWriteRequest>
{
    public const int MaxBodyHtmlLength = 500_000;

    public ArticleWriteRequestValidator()
    {
        RuleFor(r => r.Title).NotEmpty().MaximumLength(300).OverridePropertyName("title");
        RuleFor(r => r.BodyHtml).NotEmpty().MaximumLength(MaxBodyHtmlLength)
            .Must(html => !HtmlMarkup.NestsTooDeep(html)).WithMessage(_ => Messages.NestedTooDeep("bodyHtml", HtmlMarkup.MaxDepth))
            .OverridePropertyName("bodyHtml");
        RuleFor(r => r.CategoryId).GreaterThan(0).OverridePropertyName("categoryId");
        RuleFor(r => r.Excerpt).MaximumLength(1000).OverridePropertyName("excerpt");
        RuleFor(r => r.Subtitle).MaximumLength(300).OverridePropertyName("subtitle");
        RuleFor(r => r.Slug).MaximumLength(Slugs.MaxLength)
            .Must(slug => slug is null || IsUsableSlug(Slugs.FromTitle(slug)))
            .WithMessage(_ => Messages.UnusableSlug)
            .OverridePropertyName("slug");
        RuleFor(r => r.Tags).Must(tags => tags is null || tags.Count <= 20).WithMessage(_ => Messages.TooMany("tags", 20)).OverridePropertyName("tags");
        RuleForEach(r => r.Tags).NotEmpty().MaximumLength(100)
            .Must(tag => Slugs.FromTitle(tag ?? "").Length > 0).WithMessage(_ => Messages.UnusableSlug)
            .OverridePropertyName("tags");
        RuleFor(r => r.AuthorId).GreaterThan(0).OverridePropertyName("authorId");
        RuleFor(r => r.Language).Must(TextLanguage.IsLanguageTag).When(r => r.Language is not null)
            .WithMessage(_ => Messages.LanguageTag("language")).OverridePropertyName("language");
        RuleFor(r => r.Direction).Must(d => d is "rtl" or "ltr").When(r => r.Direction is not null)
            .WithMessage(_ => Messages.OneOf("direction", ["rtl", "ltr"])).OverridePropertyName("direction");
        When(r => r.Image is not null, () =>
        {
            RuleFor(r => r.Image!.Url).NotEmpty().MaximumLength(2000).Must(WebUrls.IsWebUrl).WithMessage(_ => Messages.HttpUrl("image.url")).OverridePropertyName("image.url");
            RuleFor(r => r.Image!.Alt).MaximumLength(500).OverridePropertyName("image.alt");
            RuleFor(r => r.Image!.Caption).MaximumLength(1000).OverridePropertyName("image.caption");
            RuleFor(r => r.Image!.Credit).MaximumLength(200).OverridePropertyName("image.credit");
        });
    }

    /// <summary>A slug must keep a letter or digit, and must not be all digits (that path is an id).</summary>
    public static bool IsUsableSlug(string slug) => slug.Length > 0 && !slug.All(char.IsAsciiDigit);
}

public sealed class AdminArticleListQueryValidator : AbstractValidator<AdminArticleListQuery>
{
    public AdminArticleListQueryValidator()
    {
        RuleFor(q => q.Status).MustBeOneOf("status", AdminArticleListQuery.Statuses);
        RuleFor(q => q.Page).MustBeWholeNumberAtLeast("page", 1);
        RuleFor(q => q.PageSize).MustBeWholeNumberBetween("pageSize", 1, Paging.MaxPageSize);
    }
}
