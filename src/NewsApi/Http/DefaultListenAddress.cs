namespace NewsApi.Http;

/// <summary>
/// Where the service listens when the operator names no address. ASP.NET Core's own conventions come first — every
/// host, container platform and tutorial relies on them: <c>--urls</c> and <c>ASPNETCORE_URLS</c> (the <c>urls</c>
/// setting), <c>ASPNETCORE_HTTP_PORTS</c> / <c>ASPNETCORE_HTTPS_PORTS</c>, and <c>Kestrel:Endpoints</c>. Binding
/// <c>Kestrel:Endpoints</c> in appsettings.json instead would override them all.
/// </summary>
public static class DefaultListenAddress
{
    public const string Url = "http://localhost:5080";

    /// <summary><see cref="Url"/> when the configuration names no address by any of the conventions, else null.</summary>
    public static string? For(IConfiguration configuration)
    {
        var named = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        return named ? null : Url;
    }
}
