using FluentValidation;

namespace NewsApi.Http;

/// <summary>
/// The one bridge between endpoints and FluentValidation: validates the endpoint's <typeparamref name="T"/>
/// argument and answers 400 problem details, in the client's language, before the handler runs.
/// </summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is null)
        {
            return await next(context);
        }

        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (result.IsValid)
        {
            return await next(context);
        }

        return ValidationProblems.From(result);
    }
}

public static class ValidationProblems
{
    /// <summary>The 400 problem for a failed validation: each field with its messages.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem From(FluentValidation.Results.ValidationResult result) =>
        Problems.Validation(result.Errors
            .GroupBy(error => error.PropertyName, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(error => error.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal));
}

public static class ValidationFilterExtensions
{
    /// <summary>Validates the endpoint's <typeparamref name="T"/> argument and documents the 400 it may answer.</summary>
    public static RouteHandlerBuilder Validates<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
