using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Gives the refusals of an operation their own Arabic examples where the shared problem example (a 404) would
/// mislead, e.g. a comment refused as a duplicate or for flooding.
/// </summary>
public sealed class ProblemExamplesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is not { } id || operation.Responses is null)
        {
            return;
        }

        foreach (var (status, example) in OpenApiExamples.ProblemsOf(id))
        {
            if (operation.Responses.TryGetValue(status, out var response)
                && response.Content?.TryGetValue("application/problem+json", out var media) == true)
            {
                media.Example = example;
            }
        }
    }
}
