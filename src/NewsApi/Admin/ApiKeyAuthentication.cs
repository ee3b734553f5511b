using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NewsApi.Admin;

/// <summary><c>Authorization: Bearer &lt;key&gt;</c> against the api_keys table; each scope becomes a "scope" claim.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 200 || keys.Authenticate(secret) is not { } scopes)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown or revoked API key."));
        }

        var identity = new ClaimsIdentity(scopes.Select(scope => new Claim("scope", scope)), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

public static class ApiKeyAuthenticationSetup
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyStore.ContentWrite, policy => policy.RequireClaim("scope", ApiKeyStore.ContentWrite))
            .AddPolicy(ApiKeyStore.CommentsModerate, policy => policy.RequireClaim("scope", ApiKeyStore.CommentsModerate))
            .AddPolicy(ApiKeyStore.WebhooksManage, policy => policy.RequireClaim("scope", ApiKeyStore.WebhooksManage));
        return services;
    }
}
