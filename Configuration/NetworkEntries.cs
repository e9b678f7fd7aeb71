using System.Globalization;
using System.Net;

namespace Grok2Api.Configuration;

/// <summary>
/// How the address lists of the config are read: <c>app.trusted_proxies</c> (IP addresses and CIDR
/// ranges) and <c>app.allowed_hosts</c> (host names and IP addresses). Validation and the code that
/// uses the lists share these rules, so a value that passes validation is one the service understands.
/// </summary>
public static class NetworkEntries
{
    /// <summary>
    /// Reads an IP address (<c>10.0.0.5</c>, <c>::1</c>, <c>[::1]</c>) or a CIDR range
    /// (<c>10.0.0.0/8</c>) as a network; an address is a network of one. Host bits of a range are
    /// cleared (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>). IPv4-mapped IPv6 addresses are read as IPv4.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <param name="network">The network, when the entry is one.</param>
    /// <returns>Whether the entry is an address or a range.</returns>
    public static bool TryParseNetwork(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var text = entry.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = Unbracket(slash < 0 ? text : text[..slash]);
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var bytes = Normalize(address).GetAddressBytes();
        var bits = bytes.Length * 8;
        var prefix = bits;
        if (slash >= 0
            && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        for (var bit = prefix; bit < bits; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    /// <summary>
    /// The host part of an <c>app.allowed_hosts</c> entry, lower case, without brackets or a trailing
    /// dot, or null when the entry is not a DNS name or an IP address.
    /// </summary>
    /// <param name="entry">The entry.</param>
    public static string? NormalizeHost(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return null;
        }

        var host = Unbracket(entry.Trim()).TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0)
        {
            return null;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return Normalize(address).ToString();
        }

        return Uri.CheckHostName(host) == UriHostNameType.Dns ? host : null;
    }

    /// <summary>The address as IPv4 when it is an IPv4-mapped IPv6 address, unchanged otherwise.</summary>
    /// <param name="address">The address.</param>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static string Unbracket(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' ? text[1..^1] : text;
}
