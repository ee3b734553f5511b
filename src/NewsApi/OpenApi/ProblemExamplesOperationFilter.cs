using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsApi.OpenApi;

/// <summary>
/// Gives the refusals of an operation their own Arabic examples where the shared problem example (a 404) would
/// mislead, e.g. a comment refused as a duplicate or for flooding, and every write its 503 (storage unavailable).
/// </summary>
public sealed class ProblemExamplesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is not { } id || operation.Responses is null)
        {
            return;
        }

        var examples = OpenApiExamples.ProblemsOf(id);
        if (context.ApiDescription.HttpMethod is not ("GET" or "HEAD"))
        {
            examples = examples.Append(("503", OpenApiExamples.StorageUnavailable(context.ApiDescription.RelativePath)));
        }

        foreach (var (status, example) in examples)
        {
            if (operation.Responses.TryGetValue(status, out var response)
                && response.Content?.TryGetValue("application/problem+json", out var media) == true)
            {
                media.Example = example;
            }
        }
    }
}
