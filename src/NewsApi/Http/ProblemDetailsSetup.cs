using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace NewsApi.Http;

/// <summary>Makes every error the service can produce an application/problem+json answer.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddNewsApiProblemDetails(this IServiceCollection services)
    {
        // Let a body that cannot be read throw, so the exception handler can say what was wrong with it
        // (otherwise the framework answers a bare 400).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;

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
        DescribeBodyError(problem, unknown ? Messages.UnknownProperty(field) : field == "$" ? Messages.NotJson : Messages.WrongJsonType(field), field);
    }

    private static void DescribeBodyError(Microsoft.AspNetCore.Mvc.ProblemDetails problem, string message, string field = "$")
    {
        problem.Type = Problems.TypeBase + "validation";
        problem.Title = Messages.ValidationTitle;
        problem.Detail = Messages.ValidationDetail;
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
    }

    public static WebApplication UseNewsApiProblemDetails(this WebApplication app)
    {
        // Never a stack trace on the wire: unhandled exceptions become a plain 500 problem, bad requests keep their 4xx.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
