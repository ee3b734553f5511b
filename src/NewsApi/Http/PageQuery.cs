using System.ComponentModel;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace NewsApi.Http;

/// <summary>
/// The <c>page</c>/<c>pageSize</c> pair of list routes that have no other filters. Each concrete query declares its
/// default page size once: the <c>[DefaultValue]</c> the OpenAPI document shows names the constant the binder falls
/// back to, so the two cannot disagree.
/// </summary>
public abstract class PageQuery
{
    [FromQuery(Name = "page")]
    [Description("Page number, from 1. Pages past the last one answer an empty `items` list.")]
    [DefaultValue(1)]
    public QueryInt? Page { get; init; }

    public abstract QueryInt? PageSize { get; init; }

    protected abstract int DefaultPageSize { get; }

    public PageRequest ToRequest() => new(Page?.Value ?? 1, PageSize?.Value ?? DefaultPageSize);
}

/// <summary>Lists that can grow long (tags, authors): 20 a page unless asked.</summary>
public sealed class ListPageQuery : PageQuery
{
    public const int Default = 20;

    [FromQuery(Name = "pageSize")]
    [Description("Items per page, 1 to 100.")]
    [DefaultValue(Default)]
    public override QueryInt? PageSize { get; init; }

    protected override int DefaultPageSize => Default;
}

/// <summary>Lists a client usually wants whole (categories, an article's comments): 100 a page unless asked.</summary>
public sealed class WholeListPageQuery : PageQuery
{
    public const int Default = Paging.MaxPageSize;

    [FromQuery(Name = "pageSize")]
    [Description("Items per page, 1 to 100.")]
    [DefaultValue(Default)]
    public override QueryInt? PageSize { get; init; }

    protected override int DefaultPageSize => Default;
}

public abstract class PageQueryRules<T> : AbstractValidator<T> where T : PageQuery
{
    protected PageQueryRules()
    {
        RuleFor(q => q.Page).MustBeWholeNumberAtLeast("page", 1);
        RuleFor(q => q.PageSize).MustBeWholeNumberBetween("pageSize", 1, Paging.MaxPageSize);
    }
}

public sealed class ListPageQueryValidator : PageQueryRules<ListPageQuery>;

public sealed class WholeListPageQueryValidator : PageQueryRules<WholeListPageQuery>;
