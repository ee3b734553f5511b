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

    public static ProblemHttpResult Status(int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: Messages.StatusTitle(status), type: TypeFor(status));

    /// <summary>A 429 or 503 that asks the client to come back after <paramref name="wait"/> (whole seconds in <c>Retry-After</c>).</summary>
    public static ProblemHttpResult RetryLater(HttpContext context, int status, TimeSpan wait, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Status(status, detail);
    }

    /// <summary>A 400 for one field found wrong after validation (e.g. an id that names nothing), shaped like <see cref="Validation"/>.</summary>
    public static ProblemHttpResult FieldError(string field, string message) => TypedResults.Problem(
        detail: Messages.ValidationDetail, statusCode: StatusCodes.Status400BadRequest, title: Messages.ValidationTitle, type: TypeBase + "validation",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: Messages.ValidationDetail, title: Messages.ValidationTitle, type: TypeBase + "validation");

    public static string TypeFor(int status) => status switch
    {
        400 => TypeBase + "bad-request",
        404 => TypeBase + "not-found",
        401 => TypeBase + "unauthorized",
        403 => TypeBase + "forbidden",
        405 => TypeBase + "method-not-allowed",
        409 => TypeBase + "conflict",
        412 => TypeBase + "precondition-failed",
        428 => TypeBase + "precondition-required",
        413 => TypeBase + "payload-too-large",
        415 => TypeBase + "unsupported-media-type",
        422 => TypeBase + "unprocessable",
        429 => TypeBase + "too-many-requests",
        503 => TypeBase + "unavailable",
        _ => TypeBase + "error",
    };
}
