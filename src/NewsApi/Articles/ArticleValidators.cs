using FluentValidation;
using NewsApi.Http;
using NewsApi.Search;

namespace NewsApi.Articles;

public sealed class ArticleDetailQueryValidator : AbstractValidator<ArticleDetailQuery>
{
    public ArticleDetailQueryValidator()
    {
        RuleFor(q => q.Include).MustBeOneOf("include", [ArticleDetailQuery.IncludeRelated]);
    }
}

/// <summary>The rules of the filters and paging that /articles and /search share.</summary>
public sealed class ArticleFilterQueryValidator : AbstractValidator<ArticleFilterQuery>
{
    public ArticleFilterQueryValidator()
    {
        RuleFor(q => q.Page).MustBeWholeNumberAtLeast("page", 1);
        RuleFor(q => q.PageSize).MustBeWholeNumberBetween("pageSize", 1, Paging.MaxPageSize);
        // An offset is read past row by row, so a page number far down a 100,000-article archive would cost a hundred
        // first pages; keyset paging (cursor) reaches any depth at the cost of one. Search ranks every match and has
        // no cursor: its client narrows the search instead.
        RuleFor(q => q.Page)
            .Must((query, _) => query.ToPage().IsReachable(ArticleFilterQuery.MaxNumberedDepth))
            // Judged only with a usable page size: pageSize=0 is refused on its own, and has no pages to count.
            .When(q => q.Page?.Value > 1 && q.PageSize is not { Value: null or < 1 })
            .OverridePropertyName("page")
            .WithMessage(query => query.SearchText() is null
                ? Messages.PageTooDeep(ArticleFilterQuery.MaxNumberedDepth)
                : Messages.SearchPageTooDeep(ArticleFilterQuery.MaxNumberedDepth));
        RuleFor(q => q.From).MustBeIsoDate("from");
        RuleFor(q => q.To).MustBeIsoDate("to");
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

public sealed class ArticleListQueryValidator : AbstractValidator<ArticleListQuery>
{
    public static readonly string[] SortOrders = ["newest", "oldest", "relevance"];

    public ArticleListQueryValidator()
    {
        Include(new ArticleFilterQueryValidator());
        RuleFor(q => q.Sort).MustBeOneOf("sort", SortOrders);
        RuleFor(q => q.Featured).MustBeOneOf("featured", ["true", "false"]);
        RuleFor(q => q.Q).MustBeSearchable().When(q => q.SearchText() is not null);
        RuleFor(q => q.Sort)
            .Must((query, sort) => query.SearchText() is not null || !string.Equals(sort, "relevance", StringComparison.OrdinalIgnoreCase))
            .OverridePropertyName("sort")
            .WithMessage(_ => Messages.RelevanceNeedsQuery);
        When(q => q.IsKeyset, () =>
        {
            RuleFor(q => q.Cursor)
                .Must(cursor => ArticleCursor.TryDecode(cursor, out _))
                .OverridePropertyName("cursor")
                .WithMessage(_ => Messages.UnknownCursor);
            RuleFor(q => q.Page)
                .Null()
                .OverridePropertyName("page")
                .WithMessage(_ => Messages.CursorOrPage);
            RuleFor(q => q.Q)
                .Must(q => string.IsNullOrWhiteSpace(q))
                .OverridePropertyName("q")
                .WithMessage(_ => Messages.CursorWithoutSearch);
            RuleFor(q => q.Sort)
                .Must((query, sort) => sort is null || !ArticleCursor.TryDecode(query.Cursor, out var cursor)
                    || cursor.OldestFirst == string.Equals(sort, "oldest", StringComparison.OrdinalIgnoreCase))
                .OverridePropertyName("sort")
                .WithMessage(_ => Messages.CursorSortMismatch);
        });
    }
}
