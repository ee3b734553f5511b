using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace NewsApi.Http;

/// <summary>Makes every error the service can produce an application/problem+json answer.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddNewsApiProblemDetails(this IServiceCollection services)
    {
        // Let a body that cannot be read throw, so the exception handler can say what was wrong with it
        // (otherwise the framework answers a bare 400).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Registered before AddProblemDetails' own writer, so it is the one used (see JsonProblemDetailsWriter).
        services.AddSingleton<IProblemDetailsWriter, JsonProblemDetailsWriter>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;

            // The exception handler writes from outside request localisation, where the culture it chose no longer
            // applies (it flows down, not back up): take the client's language again from the request's feature.
            if (context.HttpContext.Features.Get<IRequestCultureFeature>() is { } requested)
            {
                CultureInfo.CurrentUICulture = requested.RequestCulture.UICulture;
            }

            // Framework-made problems (404 from routing, 400 from a body that cannot be read, 500) get the same
            // localised wording as ours; ours already set their own title and type.
            if (problem.Type is null || !problem.Type.StartsWith(Problems.TypeBase, StringComparison.Ordinal))
            {
                problem.Type = Problems.TypeFor(status);
                problem.Title = Messages.StatusTitle(status);
                var exception = context.Exception ?? context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
                problem.Detail = Messages.StatusDetail(status);
                if (exception is BadHttpRequestException { InnerException: JsonException json } && status == StatusCodes.Status400BadRequest)
                {
                    DescribeJsonError(problem, json);
                }
                else if (exception is BadHttpRequestException && status == StatusCodes.Status400BadRequest)
                {
                    // The other 400 the framework throws while binding: a required body that is empty or JSON null.
                    // Every documented 400 is a validation problem, so it names the body as the field at fault.
                    DescribeBodyError(problem, Messages.BodyRequired);
                }
            }

            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                // Unless the answer chose its own wait (a busy search asks for a second, not ten).
                context.HttpContext.Response.Headers.TryAdd("Retry-After", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        return services;
    }

    /// <summary>The 400 problem for a body read by hand that is not the JSON expected, worded like the framework's.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult JsonProblem(JsonException json)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status400BadRequest };
        DescribeJsonError(problem, json);
        return TypedResults.Problem(problem);
    }

    // A body that is not JSON, a value of the wrong type, or a property the operation does not take: say which,
    // with the JSON path, in the shape of a validation problem.
    private static void DescribeJsonError(Microsoft.AspNetCore.Mvc.ProblemDetails problem, JsonException json)
    {
        var field = json.Path switch
        {
            { Length: > 2 } path when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
            { Length: > 2 } path when path.StartsWith("$[", StringComparison.Ordinal) => path[1..], // an item of an array body: "[0].url"
            _ => "$",
        };
        var unknown = json.Message.Contains("could not be mapped", StringComparison.Ordinal);
        DescribeBodyError(problem, json is ForbiddenCharacterException ? Messages.ForbiddenCharacter(field)
            : unknown ? Messages.UnknownProperty(field) : field == "$" ? Messages.NotJson : Messages.WrongJsonType(field), field);
    }

    private static void DescribeBodyError(Microsoft.AspNetCore.Mvc.ProblemDetails problem, string message, string field = "$")
    {
        problem.Type = Problems.TypeBase + "validation";
        problem.Title = Messages.ValidationTitle;
        problem.Detail = Messages.ValidationDetail;
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
    }

    /// <summary>Seconds a client is asked to wait after a 503 (Retry-After).</summary>
    public const int RetryAfterSeconds = 10;

    /// <summary>
    /// Storage failures that mean "not now" rather than "wrong request". The transaction was not committed, and the same
    /// request can succeed later, so the client gets a 503 to retry, never a 500. On SQLite: the disk (or
    /// NewsApi:Database:MaxPageCount) is full, the file stayed locked past the busy timeout, or the storage failed to read
    /// or write. On PostgreSQL: the server cannot be reached or is shutting down or starting (connection failures,
    /// classes 08 and 57P), it is out of resources (53), or a write still met a serialization failure or deadlock after
    /// its retries (40001, 40P01).
    /// </summary>
    public static bool IsStorageUnavailable(Exception exception) => exception switch
    {
        // The primary result code is the low byte; extended codes (SQLITE_IOERR_WRITE, …) carry detail above it.
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED
            or SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_FULL,
        Npgsql.PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
            || Data.Database.IsTransient(postgres),
        // Not a server answer: the connection could not be opened or broke (server down, restarting, pool exhausted).
        Npgsql.NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        _ => false,
    };

    /// <summary>
    /// Documents the 503 of <see cref="IsStorageUnavailable"/> on every operation of the group that writes (any method
    /// but GET and HEAD): the one answer a write can give that no handler returns itself.
    /// </summary>
    public static TBuilder ProducesStorageUnavailableOnWrites<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the operation's own responses, so the 503 is listed last.
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Any(method => method is not ("GET" or "HEAD"))))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                    StatusCodes.Status503ServiceUnavailable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
            }
        });
        return builder;
    }

    public static WebApplication UseNewsApiProblemDetails(this WebApplication app)
    {
        // Never a stack trace on the wire: unhandled exceptions become a plain 500 problem, bad requests keep their 4xx.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when IsStorageUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Writes every problem as application/problem+json, whatever the request's <c>Accept</c> says. The framework's own
/// writer declines when Accept names no JSON type (<c>Accept: text/html</c>, <c>image/png</c>), and then a 404 from
/// routing came back as <c>text/plain</c>, a refused body as an empty 400, and our own problems without their
/// <c>traceId</c>. JSON is the only representation this API has, for errors as for everything else.
/// </summary>
public sealed class JsonProblemDetailsWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        HttpSetup.ApplySecurityHeaders(context.HttpContext);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        var typeInfo = jsonOptions.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, typeInfo, "application/problem+json", context.HttpContext.RequestAborted));
    }
}
