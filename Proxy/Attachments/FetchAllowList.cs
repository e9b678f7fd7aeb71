using System.Net;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// <c>asset.fetch_allow</c>: host names (exact, case-insensitive), IP addresses and CIDR ranges that
/// client URLs may reach although they are loopback, private or link-local. An allowed host name
/// admits every address it resolves to. Entries that are none of these are ignored. Immutable.
/// </summary>
internal sealed class FetchAllowList
{
    private readonly HashSet<string> _hosts;
    private readonly List<IPNetwork> _networks;

    private FetchAllowList(HashSet<string> hosts, List<IPNetwork> networks)
    {
        _hosts = hosts;
        _networks = networks;
    }

    public static FetchAllowList Empty { get; } = new([], []);

    public bool IsEmpty => _hosts.Count == 0 && _networks.Count == 0;

    public static FetchAllowList Parse(IReadOnlyList<string> entries)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var networks = new List<IPNetwork>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim().TrimStart('[').Replace("]", "", StringComparison.Ordinal);
            if (entry.Length == 0)
            {
                continue;
            }

            if (TryParseCidr(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                var normalized = Normalize(address);
                networks.Add(new IPNetwork(normalized, normalized.GetAddressBytes().Length * 8));
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                hosts.Add(entry.TrimEnd('.'));
            }
        }

        return hosts.Count == 0 && networks.Count == 0 ? Empty : new FetchAllowList(hosts, networks);
    }

    public bool AllowsHost(string host) => _hosts.Contains(host);

    public bool AllowsAddress(IPAddress address)
    {
        if (_networks.Count == 0)
        {
            return false;
        }

        var normalized = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Like <see cref="IPNetwork.TryParse(string, out IPNetwork)"/>, but host bits (10.1.2.3/8) are cleared instead of refused.</summary>
    private static bool TryParseCidr(string entry, out IPNetwork network)
    {
        network = default;
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(entry.AsSpan(0, slash), out var address)
            || !int.TryParse(entry.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        var bytes = Normalize(address).GetAddressBytes();
        if (prefix > bytes.Length * 8)
        {
            return false;
        }

        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
