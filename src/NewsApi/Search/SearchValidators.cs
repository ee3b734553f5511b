using FluentValidation;
using NewsApi.Articles;
using NewsApi.Http;

namespace NewsApi.Search;

public static class SearchRules
{
    public const int MaxQueryLength = 200;

    /// <summary>
    /// A search text the engine can use: at most 200 characters, with at least one word that is not a stop-word.
    /// Operators, quotes and punctuation are not refused (they are not syntax here), but a query made of nothing
    /// else has no word to search for.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> MustBeSearchable<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MustBeAtMost("q", MaxQueryLength)
            .Must(q => q is null || q.Length > MaxQueryLength || !SearchTerms.Parse(q).IsEmpty)
            .OverridePropertyName("q")
            .WithMessage((_, q) => SearchTerms.Parse(q).OnlyStopWords ? Messages.SearchOnlyStopWords : Messages.SearchNoWords);
}

public sealed class SearchQueryValidator : AbstractValidator<SearchQuery>
{
    public static readonly string[] SortOrders = ["relevance", "newest", "oldest"];

    public SearchQueryValidator()
    {
        Include(new ArticleFilterQueryValidator());
        RuleFor(q => q.Q)
            .Cascade(CascadeMode.Stop)
            .Must(q => !string.IsNullOrWhiteSpace(q))
            .OverridePropertyName("q")
            .WithMessage(_ => Messages.SearchQueryRequired)
            .MustBeSearchable();
        RuleFor(q => q.Sort).MustBeOneOf("sort", SortOrders);
    }
}

public sealed class SuggestQueryValidator : AbstractValidator<SuggestQuery>
{
    public SuggestQueryValidator()
    {
        RuleFor(q => q.Q)
            .Cascade(CascadeMode.Stop)
            .Must(q => !string.IsNullOrWhiteSpace(q))
            .OverridePropertyName("q")
            .WithMessage(_ => Messages.SuggestPrefixRequired)
            .MustBeAtMost("q", SuggestQuery.MaxPrefixLength)
            .Must(q => SuggestionKeys.Prefix(q!).Length > 0)
            .OverridePropertyName("q")
            .WithMessage(_ => Messages.SuggestNoLetters);
    }
}
