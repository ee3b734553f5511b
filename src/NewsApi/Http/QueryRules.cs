using FluentValidation;

namespace NewsApi.Http;

/// <summary>FluentValidation rules for raw query values, with messages that name the parameter as the client wrote it.</summary>
public static class QueryRules
{
    public static IRuleBuilderOptions<T, QueryInt?> MustBeWholeNumberBetween<T>(this IRuleBuilder<T, QueryInt?> rule, string name, int min, int max) =>
        rule.Must(value => value is not { } v || v.IsBetween(min, max))
            .OverridePropertyName(name)
            .WithMessage(_ => Messages.WholeNumberBetween(name, min, max));

    public static IRuleBuilderOptions<T, QueryInt?> MustBeWholeNumberAtLeast<T>(this IRuleBuilder<T, QueryInt?> rule, string name, int min) =>
        rule.Must(value => value is not { } v || v.IsBetween(min, int.MaxValue))
            .OverridePropertyName(name)
            .WithMessage(_ => Messages.WholeNumberAtLeast(name, min));

    public static IRuleBuilderOptions<T, QueryDate?> MustBeIsoDate<T>(this IRuleBuilder<T, QueryDate?> rule, string name) =>
        rule.Must(value => value is not { } v || v.Value is not null)
            .OverridePropertyName(name)
            .WithMessage(_ => Messages.IsoDate(name));

    public static IRuleBuilderOptions<T, string?> MustBeOneOf<T>(this IRuleBuilder<T, string?> rule, string name, IReadOnlyCollection<string> allowed) =>
        rule.Must(value => value is null || allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            .OverridePropertyName(name)
            .WithMessage(_ => Messages.OneOf(name, allowed));

    public static IRuleBuilderOptions<T, string?> MustBeAtMost<T>(this IRuleBuilder<T, string?> rule, string name, int maxLength) =>
        rule.Must(value => value is null || value.Length <= maxLength)
            .OverridePropertyName(name)
            .WithMessage(_ => Messages.TooLong(name, maxLength));
}
