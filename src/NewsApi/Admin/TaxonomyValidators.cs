using FluentValidation;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Admin;

public static class TaxonomyRules
{
    public static void NameAndSlug<T>(AbstractValidator<T> validator, Func<T, string> name, Func<T, string?> slug)
    {
        validator.RuleFor(r => name(r)).NotEmpty().MaximumLength(200)
            .Must(n => Slugs.FromTitle(n ?? "").Length > 0).WithMessage(_ => Messages.UnusableSlug)
            .OverridePropertyName("name");
        validator.RuleFor(r => slug(r)).MaximumLength(Slugs.MaxLength)
            .Must(s => s is null || Slugs.FromTitle(s).Length > 0).WithMessage(_ => Messages.UnusableSlug)
            .OverridePropertyName("slug");
    }
}

public sealed class CategoryWriteRequestValidator : AbstractValidator<CategoryWriteRequest>
{
    public CategoryWriteRequestValidator()
    {
        TaxonomyRules.NameAndSlug(this, r => r.Name, r => r.Slug);
        RuleFor(r => r.Description).MaximumLength(1000).OverridePropertyName("description");
        RuleFor(r => r.ParentId).GreaterThan(0).OverridePropertyName("parentId");
    }
}

public sealed class TagWriteRequestValidator : AbstractValidator<TagWriteRequest>
{
    public TagWriteRequestValidator() => TaxonomyRules.NameAndSlug(this, r => r.Name, r => r.Slug);
}

public sealed class AuthorWriteRequestValidator : AbstractValidator<AuthorWriteRequest>
{
    public AuthorWriteRequestValidator()
    {
        TaxonomyRules.NameAndSlug(this, r => r.Name, r => r.Slug);
        RuleFor(r => r.Bio).MaximumLength(1000).OverridePropertyName("bio");
    }
}
