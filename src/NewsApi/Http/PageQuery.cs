using System.ComponentModel;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace NewsApi.Http;

/// <summary>The <c>page</c>/<c>pageSize</c> pair of list routes that have no other filters.</summary>
public sealed class PageQuery
{
    [FromQuery(Name = "page")]
    [Description("Page number, from 1. Pages past the last one answer an empty `items` list.")]
    [DefaultValue(1)]
    public QueryInt? Page { get; init; }

    [FromQuery(Name = "pageSize")]
    [Description("Items per page, 1 to 100.")]
    [DefaultValue(100)]
    public QueryInt? PageSize { get; init; }

    public PageRequest ToRequest(int defaultPageSize) => new(Page?.Value ?? 1, PageSize?.Value ?? defaultPageSize);
}

public sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator()
    {
        RuleFor(q => q.Page).MustBeWholeNumberAtLeast("page", 1);
        RuleFor(q => q.PageSize).MustBeWholeNumberBetween("pageSize", 1, Paging.MaxPageSize);
    }
}
