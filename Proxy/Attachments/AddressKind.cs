namespace Grok2Api.Proxy.Attachments;

/// <summary>What kind of network an address belongs to, as far as fetching client URLs is concerned.</summary>
internal enum AddressKind
{
    /// <summary>Globally routable: may be fetched.</summary>
    Public,

    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,

    /// <summary>0.0.0.0/8, ::.</summary>
    Unspecified,

    /// <summary>10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10.</summary>
    Private,

    /// <summary>169.254/16 (cloud metadata lives at 169.254.169.254), fe80::/10.</summary>
    LinkLocal,

    /// <summary>100.64/10, carrier-grade NAT.</summary>
    SharedAddressSpace,

    /// <summary>224/4, ff00::/8.</summary>
    Multicast,

    /// <summary>255.255.255.255.</summary>
    Broadcast,

    /// <summary>Reserved, documentation, benchmarking and protocol-assignment ranges.</summary>
    Reserved,
}
