using System.Net;
using System.Net.Sockets;

namespace NewsApi.Webhooks;

/// <summary>Why a subscription URL is refused (the endpoint turns it into a localised message).</summary>
public enum WebhookUrlRefusal
{
    None,

    /// <summary>Not an absolute http(s) URL, or it carries user information or a fragment.</summary>
    NotHttp,

    /// <summary>http in Production without NewsApi:Webhooks:AllowHttp.</summary>
    HttpsRequired,

    /// <summary>The host has no address.</summary>
    Unresolvable,

    /// <summary>The host resolves to a loopback, private, link-local, metadata or otherwise non-public address.</summary>
    PrivateNetwork,
}

/// <summary>
/// Where webhooks may be sent: the server-side request forgery rules. A subscription's URL is checked when it is
/// created or changed, and again on every delivery, on the very address connected to (<see cref="CreateHandler"/>):
/// a name that resolved to a public address then and to 169.254.169.254 now (DNS rebinding) is refused at connection.
/// </summary>
public static class WebhookAddresses
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this" network
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), // link-local, where cloud metadata services live
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"), // multicast
        IPNetwork.Parse("240.0.0.0/4"), // reserved, broadcast
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("fc00::/7"), // unique local (fd00:ec2::254 is a metadata address)
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>Whether an address is on the public internet (an IPv4 address inside IPv6 is judged as IPv4).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && IPNetwork.Parse("64:ff9b::/96").Contains(address))
        {
            // NAT64: the IPv4 address is the last four bytes.
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }

        return !NonPublic.Any(network => network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address));
    }

    /// <summary>The rules that need no name resolution: an absolute http(s) URL, https when required.</summary>
    public static WebhookUrlRefusal CheckForm(string? url, bool httpsRequired)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0 || uri.Host.Length == 0)
        {
            return WebhookUrlRefusal.NotHttp;
        }

        return httpsRequired && uri.Scheme != "https" ? WebhookUrlRefusal.HttpsRequired : WebhookUrlRefusal.None;
    }

    /// <summary>All the rules: the form, then (unless private networks are allowed) every address the host resolves to.</summary>
    public static async Task<WebhookUrlRefusal> CheckAsync(string url, WebhookSettings settings, bool production, CancellationToken cancellation)
    {
        var form = CheckForm(url, production && !settings.AllowHttp);
        if (form != WebhookUrlRefusal.None || settings.AllowPrivateNetworks)
        {
            return form;
        }

        var addresses = await ResolveAsync(new Uri(url).IdnHost, cancellation);
        return addresses.Length == 0 ? WebhookUrlRefusal.Unresolvable
            : addresses.All(IsPublic) ? WebhookUrlRefusal.None
            : WebhookUrlRefusal.PrivateNetwork;
    }

    /// <summary>
    /// The handler every delivery goes through: no redirects followed (a 3xx is a failed attempt), no proxy, no cookies,
    /// and a connection made only to an address allowed at that moment (<paramref name="allowPrivateNetworks"/> is read
    /// on each connection, so a changed setting applies without a restart).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(Func<bool> allowPrivateNetworks) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, cancellation) =>
        {
            var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellation);
            var allowed = allowPrivateNetworks() ? addresses : addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0)
            {
                throw new WebhookAddressException(addresses.Length == 0
                    ? $"'{context.DnsEndPoint.Host}' has no address."
                    : $"'{context.DnsEndPoint.Host}' resolves only to addresses webhooks may not reach ({string.Join(", ", addresses.Select(a => a.ToString()))}).");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellation);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}

/// <summary>A delivery refused before connecting: the subscription's host has no address webhooks may reach.</summary>
public sealed class WebhookAddressException(string message) : IOException(message);
