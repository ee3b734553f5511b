using FluentValidation;
using NewsApi.Http;

namespace NewsApi.Sync;

public sealed class SyncQueryValidator : AbstractValidator<SyncQuery>
{
    public SyncQueryValidator(SyncTokens tokens)
    {
        RuleFor(q => q.Limit).MustBeWholeNumberBetween("limit", 1, SyncQuery.MaxLimit);
        RuleFor(q => q.Token)
            .Must(token => tokens.TryRead(token, out _))
            .When(q => q.Token is not null)
            .OverridePropertyName("token")
            .WithMessage(_ => SyncMessages.UnknownToken);
    }
}
