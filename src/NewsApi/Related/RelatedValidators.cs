using FluentValidation;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Related;

public sealed class RelatedQueryValidator : AbstractValidator<RelatedQuery>
{
    public RelatedQueryValidator()
    {
        RuleFor(q => q.Limit).MustBeWholeNumberBetween("limit", 1, RelatedQuery.MaxLimit);
    }
}

/// <summary>
/// The body of PUT /admin/articles/{id}/related-links. Errors name items by index as clients wrote them
/// (<c>[1].url</c>); whether an <c>articleId</c> exists is checked by the store.
/// </summary>
public sealed class RelatedLinkListValidator : AbstractValidator<RelatedLinkRequest[]>
{
    public const int MaxLinks = 10;
    public const int MaxTitleLength = 300;
    public const int MaxUrlLength = 2000;

    public RelatedLinkListValidator()
    {
        RuleFor(links => links).Custom((links, context) =>
        {
            if (links.Length > MaxLinks)
            {
                context.AddFailure("$", Messages.TooMany("$", MaxLinks));
                return;
            }

            var articleIds = new HashSet<int>();
            var urls = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < links.Length; i++)
            {
                var link = links[i];
                var item = $"[{i}]";
                if (link is null || (link.ArticleId is null) == (link.Title is null && link.Url is null))
                {
                    context.AddFailure(item, RelatedMessages.OneForm);
                }
                else if (link.ArticleId is { } id)
                {
                    if (id <= 0)
                    {
                        context.AddFailure($"{item}.articleId", RelatedMessages.PositiveId);
                    }
                    else if (!articleIds.Add(id))
                    {
                        context.AddFailure($"{item}.articleId", RelatedMessages.Duplicate);
                    }
                }
                else
                {
                    if (string.IsNullOrWhiteSpace(link.Title) || link.Title.Length > MaxTitleLength)
                    {
                        context.AddFailure($"{item}.title", RelatedMessages.TitleRequired);
                    }

                    if (link.Url is not { Length: <= MaxUrlLength } url || !WebUrls.IsWebUrl(url))
                    {
                        context.AddFailure($"{item}.url", Messages.HttpUrl("url"));
                    }
                    else if (!urls.Add(WebUrls.Normalize(url)!))
                    {
                        context.AddFailure($"{item}.url", RelatedMessages.Duplicate);
                    }
                }
            }
        });
    }
}
