using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace NewsApi.Http;

/// <summary>Makes every error the service can produce an application/problem+json answer.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddNewsApiProblemDetails(this IServiceCollection services)
    {
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
                problem.Detail = exception is BadHttpRequestException bad && status < 500
                    ? Messages.StatusDetail(status) + " " + bad.Message
                    : Messages.StatusDetail(status);
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        return services;
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
