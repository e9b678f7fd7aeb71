using System.Net;
using System.Net.Sockets;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Classifies IP addresses for the URL fetcher. IPv6 forms that carry an IPv4 address (mapped
/// <c>::ffff:a.b.c.d</c>, compatible <c>::a.b.c.d</c>, translated <c>::ffff:0:a.b.c.d</c>, NAT64
/// <c>64:ff9b::/96</c> and local-use NAT64 <c>64:ff9b:1::/48</c>, 6to4 <c>2002::/16</c>) are judged by the
/// IPv4 address inside, so <c>[::ffff:127.0.0.1]</c> and <c>[64:ff9b:1::7f00:1]</c> are loopback.
/// </summary>
internal static class AddressClassifier
{
    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyV4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressKind.Reserved;
        }

        var b = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
        {
            return ClassifyV4(b.AsSpan(12, 4));
        }

        if (b.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0)
        {
            return b[15] switch
            {
                0 => AddressKind.Unspecified,
                1 => AddressKind.Loopback,
                _ => AddressKind.Reserved,
            };
        }

        // ::a.b.c.d (deprecated IPv4-compatible), ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765/6052) and
        // 64:ff9b::a.b.c.d (the well-known NAT64 prefix, RFC 6052) reach the IPv4 address inside.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0
            || (b.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
            || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0))
        {
            return ClassifyV4(b.AsSpan(12, 4));
        }

        if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1)
        {
            return ClassifyLocalNat64(b);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b.AsSpan(2, 4));
        }

        return b[0] switch
        {
            0xff => AddressKind.Multicast,
            0xfe when (b[1] & 0xc0) == 0x80 => AddressKind.LinkLocal,
            0xfe when (b[1] & 0xc0) == 0xc0 => AddressKind.Private,
            0xfc or 0xfd => AddressKind.Private,
            // 100::/64 discard-only and 2001:db8::/32 documentation.
            0x01 when b[1] == 0 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0 => AddressKind.Reserved,
            0x20 when b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 => AddressKind.Reserved,
            _ => AddressKind.Public,
        };
    }

    /// <summary>The words a client error uses for a kind, e.g. "a loopback address".</summary>
    public static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Loopback => "it points to a loopback address",
        AddressKind.Unspecified => "it points to an unspecified address",
        AddressKind.Private => "it points to a private network address",
        AddressKind.LinkLocal => "it points to a link-local address (where cloud metadata services live)",
        AddressKind.SharedAddressSpace => "it points to a shared (carrier-grade NAT) address",
        AddressKind.Multicast => "it points to a multicast address",
        AddressKind.Broadcast => "it points to a broadcast address",
        AddressKind.Reserved => "it points to a reserved address",
        _ => "it points to a public address",
    };

    /// <summary>
    /// 64:ff9b:1::/48, the local-use NAT64 prefix (RFC 8215): the network may use any prefix length of
    /// RFC 6052, so every place an IPv4 address can sit is judged, and the address is refused when any
    /// of them is not public (bits 64-71, the "u" octet, are always zero).
    /// </summary>
    private static AddressKind ClassifyLocalNat64(byte[] b)
    {
        if (b.AsSpan(6, 6).IndexOfAnyExcept((byte)0) < 0)
        {
            // A /96 prefix: the address is the last 32 bits.
            return ClassifyV4(b.AsSpan(12, 4));
        }

        ReadOnlySpan<byte> prefix48 = [b[6], b[7], b[9], b[10]];
        ReadOnlySpan<byte> prefix56 = [b[7], b[9], b[10], b[11]];
        foreach (var kind in (ReadOnlySpan<AddressKind>)[ClassifyV4(prefix48), ClassifyV4(prefix56), ClassifyV4(b.AsSpan(9, 4))])
        {
            if (kind != AddressKind.Public)
            {
                return kind;
            }
        }

        return AddressKind.Public;
    }

    private static AddressKind ClassifyV4(ReadOnlySpan<byte> b) => (b[0], b[1], b[2], b[3]) switch
    {
        (0, _, _, _) => AddressKind.Unspecified,
        (127, _, _, _) => AddressKind.Loopback,
        (10, _, _, _) => AddressKind.Private,
        (172, >= 16 and <= 31, _, _) => AddressKind.Private,
        (192, 168, _, _) => AddressKind.Private,
        (169, 254, _, _) => AddressKind.LinkLocal,
        (100, >= 64 and <= 127, _, _) => AddressKind.SharedAddressSpace,
        (255, 255, 255, 255) => AddressKind.Broadcast,
        (>= 224 and <= 239, _, _, _) => AddressKind.Multicast,
        (>= 240, _, _, _) => AddressKind.Reserved,
        (192, 0, 0, _) or (192, 0, 2, _) or (198, 51, 100, _) or (203, 0, 113, _) => AddressKind.Reserved,
        (198, 18 or 19, _, _) => AddressKind.Reserved,
        _ => AddressKind.Public,
    };
}
