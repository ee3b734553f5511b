using System.Collections.Frozen;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace NewsApi.Http;

/// <summary>
/// The query parameters each endpoint binds, read from the API explorer: the same descriptions the OpenAPI document is
/// made from, so what an operation documents, what it binds and what it accepts are one declaration (its handler's
/// parameters and <c>[AsParameters]</c> records). Built once, at the first request that asks.
/// </summary>
public sealed class DeclaredQueryParameters(IApiDescriptionGroupCollectionProvider explorer)
{
    private FrozenDictionary<string, FrozenSet<string>>? _byOperation;

    /// <summary>The query parameter names of <paramref name="endpoint"/> (compared ignoring case, as the binder does).</summary>
    public FrozenSet<string> Of(Endpoint endpoint)
    {
        _byOperation ??= explorer.ApiDescriptionGroups.Items
            .SelectMany(group => group.Items)
            .Where(description => NameOf(description.ActionDescriptor.EndpointMetadata) is not null)
            .GroupBy(description => NameOf(description.ActionDescriptor.EndpointMetadata)!, StringComparer.Ordinal)
            .ToFrozenDictionary(
                operation => operation.Key,
                operation => operation.SelectMany(d => d.ParameterDescriptions)
                    .Where(p => p.Source == BindingSource.Query)
                    .Select(p => p.Name)
                    .ToFrozenSet(StringComparer.OrdinalIgnoreCase),
                StringComparer.Ordinal);
        // Every route is named (its operationId); one without a name or description would take no query parameter.
        return NameOf(endpoint.Metadata) is { } name && _byOperation.TryGetValue(name, out var names) ? names : FrozenSet<string>.Empty;
    }

    private static string? NameOf(IEnumerable<object> metadata) => metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
}

/// <summary>
/// Refuses a request that carries a query parameter its endpoint does not declare (<see cref="DeclaredQueryParameters"/>):
/// 400 naming each one. A misspelt filter (<c>categroy=</c>) would otherwise be silently ignored and answer the
/// unfiltered list, and random ones would make every request a new output-cache entry and a fresh database query.
/// </summary>
public sealed class UnknownQueryFilter(DeclaredQueryParameters declared) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Query.Count == 0 || http.GetEndpoint() is not { } endpoint)
        {
            return next(context);
        }

        var accepted = declared.Of(endpoint);
        var unknown = http.Request.Query.Keys.Where(name => !accepted.Contains(name)).ToList();
        if (unknown.Count == 0)
        {
            return next(context);
        }

        var message = Messages.UnknownQueryParameter(accepted.Order(StringComparer.Ordinal).ToList());
        return ValueTask.FromResult<object?>(Problems.Validation(unknown.ToDictionary(name => name, _ => new[] { message }, StringComparer.Ordinal)));
    }
}

public static class DeclaredQueryExtensions
{
    /// <summary>
    /// Every endpoint of the group answers 400 to a query parameter it does not declare, and documents that 400.
    /// The output cache keys such endpoints by their whole query (an unknown parameter is a miss, then a refusal).
    /// </summary>
    public static RouteGroupBuilder RefusesUnknownQueryParameters(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<UnknownQueryFilter>().WithMetadata(RefusesUnknownQuery.Instance);
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (!endpoint.Metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Any(m => m.StatusCode == StatusCodes.Status400BadRequest))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                    StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
            }
        });
        return group;
    }
}

/// <summary>Endpoint metadata: unknown query parameters are refused here (the public and admin API), not ignored (feeds, sitemaps).</summary>
public sealed class RefusesUnknownQuery
{
    public static readonly RefusesUnknownQuery Instance = new();

    private RefusesUnknownQuery()
    {
    }
}
