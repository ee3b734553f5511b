using FluentValidation;
using NewsApi.Http;

namespace NewsApi.Articles;

public sealed class ArticleDetailQueryValidator : AbstractValidator<ArticleDetailQuery>
{
    public ArticleDetailQueryValidator()
    {
        RuleFor(q => q.Include).MustBeOneOf("include", [ArticleDetailQuery.IncludeRelated]);
    }
}

public sealed class ArticleListQueryValidator : AbstractValidator<ArticleListQuery>
{
    public static readonly string[] SortOrders = ["newest", "oldest"];

    public ArticleListQueryValidator()
    {
        RuleFor(q => q.Page).MustBeWholeNumberAtLeast("page", 1);
        RuleFor(q => q.PageSize).MustBeWholeNumberBetween("pageSize", 1, Paging.MaxPageSize);
        RuleFor(q => q.From).MustBeIsoDate("from");
        RuleFor(q => q.To).MustBeIsoDate("to");
        RuleFor(q => q.Sort).MustBeOneOf("sort", SortOrders);
        RuleFor(q => q.Category).MustBeAtMost("category", 200);
        RuleFor(q => q.Tag).MustBeAtMost("tag", 200);
        RuleFor(q => q.Author).MustBeAtMost("author", 200);
        RuleFor(q => q)
            .Must(q => q.From?.Start is not { } from || q.To?.EndExclusive is not { } to || from < to)
            .WithName("from")
            .OverridePropertyName("from")
            .WithMessage(_ => Messages.FromAfterTo);
    }
}
