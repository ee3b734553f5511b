using Microsoft.AspNetCore.Diagnostics;

namespace NewsApi.Http;

/// <summary>
/// A request the client got wrong — a body that cannot be read (a malformed chunk, cut short, over the size limit)
/// or bound (malformed JSON, a value of the wrong type) — surfaces as <see cref="BadHttpRequestException"/>. It is
/// the client's error, answered with its 4xx problem and logged as one Debug line without a stack trace: logged as
/// an unhandled error, anyone could fill the error log by sending such requests. Handling it here (rather than
/// leaving it to the exception handler's default) is what tells the exception handler not to log it as an error.
/// A client that disconnects mid-body is recognised by the exception handler itself (aborted request, Debug).
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        logger.LogDebug("Bad request ({Status}) for {Method} {Path}: {Reason}", bad.StatusCode, httpContext.Request.Method, httpContext.Request.Path, bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode },
        });
    }
}
