using Microsoft.AspNetCore.Http.HttpResults;

namespace NewsApi.Http;

/// <summary>
/// Problem responses built in one place: RFC 9457 bodies with a stable <c>type</c>, a localised title, and
/// (added by the ProblemDetails customisation in <see cref="ProblemDetailsSetup"/>) the <c>traceId</c>.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://newsapi.dev/problems/";

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: Messages.NotFoundTitle, type: TypeBase + "not-found");

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: Messages.ValidationDetail, title: Messages.ValidationTitle, type: TypeBase + "validation");

    public static string TypeFor(int status) => status switch
    {
        400 => TypeBase + "bad-request",
        404 => TypeBase + "not-found",
        405 => TypeBase + "method-not-allowed",
        413 => TypeBase + "payload-too-large",
        415 => TypeBase + "unsupported-media-type",
        429 => TypeBase + "too-many-requests",
        503 => TypeBase + "unavailable",
        _ => TypeBase + "error",
    };
}
