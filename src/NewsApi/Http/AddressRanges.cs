using System.Net;

namespace NewsApi.Http;

/// <summary>
/// A list of client addresses from configuration: single addresses and CIDR networks, as <c>NewsApi:Http:TrustedProxies</c>
/// and <c>NewsApi:Metrics:AllowedNetworks</c> take them. An entry that is neither stops start-up, naming the setting.
/// </summary>
public sealed class AddressRanges
{
    private AddressRanges(IReadOnlyList<IPAddress> addresses, IReadOnlyList<IPNetwork> networks)
    {
        Addresses = addresses;
        Networks = networks;
    }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public IReadOnlyList<IPNetwork> Networks { get; }

    /// <param name="entries">Addresses (<c>10.0.0.5</c>, <c>::1</c>) and networks (<c>172.30.0.0/24</c>).</param>
    /// <param name="setting">The configuration key the entries came from, for the message of a wrong one.</param>
    public static AddressRanges Parse(IEnumerable<string> entries, string setting)
    {
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                throw new InvalidOperationException($"{setting}: '{entry}' is neither an IP address nor a CIDR network.");
            }
        }

        return new AddressRanges(addresses, networks);
    }

    /// <summary>Whether <paramref name="address"/> is loopback or listed (an IPv4 address seen as IPv6 counts as itself).</summary>
    public bool AllowsLoopbackOr(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address) || Addresses.Contains(address) || Networks.Any(network => network.Contains(address));
    }
}
