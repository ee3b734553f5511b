using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NewsApi.Data;
using NewsApi.Http;

namespace NewsApi.Health;

public sealed record HealthReport(string Status, string? Detail = null);

public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");

        group.MapGet("/live", Live)
            .WithName("getLiveness")
            .WithSummary("Liveness probe")
            .WithDescription("200 while the process serves HTTP. Touches nothing else, so an orchestrator restarts the process only when it is really stuck.");

        group.MapGet("/ready", Ready)
            .WithName("getReadiness")
            .WithSummary("Readiness probe")
            .WithDescription("200 when the database answers and every migration is applied; 503 problem details otherwise, so a load balancer sends no traffic yet.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return group;
    }

    public static Ok<HealthReport> Live(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new HealthReport("live"));
    }

    public static Results<Ok<HealthReport>, ProblemHttpResult> Ready(Database database, ISchemaMigrator migrator, HttpContext context, ILogger<HealthReport> logger)
    {
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            using var connection = database.Open();
            var applied = connection.ExecuteScalar<int>("SELECT count(*) FROM schema_migrations");
            var expected = migrator.Expected.Count;
            return applied >= expected
                ? TypedResults.Ok(new HealthReport("ready"))
                : Unavailable($"{expected - applied} migration(s) not applied yet.");
        }
        catch (System.Data.Common.DbException exception)
        {
            logger.LogWarning(exception, "Readiness check failed");
            return Unavailable("The database does not answer.");
        }
    }

    private static ProblemHttpResult Unavailable(string detail) => TypedResults.Problem(
        detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: Messages.StatusTitle(503), type: Problems.TypeFor(503));
}
