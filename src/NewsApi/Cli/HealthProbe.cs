using System.Globalization;
using NewsApi.Http;

namespace NewsApi.Cli;

/// <summary>
/// <c>NewsApi health [url]</c>: asks a running server's readiness probe and exits 0 when it answers 200, 1 otherwise. For
/// container health checks: the ASP.NET Core runtime image has no curl or wget, and the probe follows the port the
/// server was given (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>) rather than a port written twice.
/// </summary>
public static class HealthProbe
{
    public const string ReadyPath = "/health/ready";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The readiness URL of the server this process's environment describes: the first of <c>ASPNETCORE_URLS</c>, else
    /// the first of <c>ASPNETCORE_HTTP_PORTS</c>, else the default address, with a wildcard host (<c>+</c>, <c>*</c>,
    /// <c>0.0.0.0</c>, <c>[::]</c>) asked on loopback.
    /// </summary>
    public static Uri DefaultUrl(Func<string, string?> environment)
    {
        var urls = First(environment("ASPNETCORE_URLS"));
        var port = First(environment("ASPNETCORE_HTTP_PORTS"));
        var listening = urls is not null ? urls
            : port is not null ? $"http://127.0.0.1:{int.Parse(port, CultureInfo.InvariantCulture)}"
            : DefaultListenAddress.Url;
        var wildcard = listening.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        return new Uri(new Uri(wildcard), ReadyPath);
    }

    /// <returns>0 when <paramref name="url"/> answered 200, 1 when it answered anything else or nothing in time.</returns>
    public static async Task<int> RunAsync(Uri url)
    {
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{url}: no answer ({exception.Message})");
            return 1;
        }
    }

    private static string? First(string? list) =>
        list?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
