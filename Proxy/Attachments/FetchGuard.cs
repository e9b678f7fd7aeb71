using System.Net;
using System.Net.Sockets;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// The SSRF guard of client URLs. A host passes when every address it resolves to is public, or it
/// (or the address) is in <c>asset.fetch_allow</c>; loopback, unspecified, private, link-local, CGNAT,
/// multicast, broadcast and reserved addresses (IPv4-mapped forms included) and local or metadata
/// host names are refused. <see cref="ConnectAsync"/> is the connect callback of the direct fetch
/// handler: it checks again and connects only to the addresses it has just checked, so a DNS answer
/// that changes between the check and the connection cannot slip another address in. Thread-safe.
/// </summary>
internal sealed class FetchGuard(IOptionsMonitor<AssetSection> asset)
{
    private const string LocalName = "it names a local or cloud metadata host";

    private AllowCache? _allow;

    /// <summary>Checks the host of a URL (a name or an IP literal) and resolves it.</summary>
    public Task<FetchTargetCheck> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host.Trim('[', ']') : url.IdnHost;
        return CheckHostAsync(host, cancellationToken);
    }

    /// <summary>Checks a host name or IP literal and resolves it.</summary>
    public async Task<FetchTargetCheck> CheckHostAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        var allow = AllowList();
        if (IPAddress.TryParse(name, out var literal))
        {
            return Judge([literal], allow);
        }

        var hostAllowed = allow.AllowsHost(name);
        if (!hostAllowed && IsLocalName(name))
        {
            return FetchTargetCheck.Refused(LocalName);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(name, cancellationToken);
        }
        catch (SocketException)
        {
            return FetchTargetCheck.NotResolved;
        }
        catch (ArgumentException)
        {
            return FetchTargetCheck.NotResolved;
        }

        if (addresses.Length == 0)
        {
            return FetchTargetCheck.NotResolved;
        }

        return hostAllowed ? FetchTargetCheck.Allowed(addresses) : Judge(addresses, allow);
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of direct fetches.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var check = await CheckHostAsync(context.DnsEndPoint.Host, cancellationToken);
        if (!check.IsAllowed)
        {
            throw check.Refusal is { } refusal ? new FetchRefusedException(refusal) : new SocketException((int)SocketError.HostNotFound);
        }

        SocketException? last = null;
        foreach (var address in check.Addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>
    /// localhost and *.localhost (RFC 6761), *.internal (metadata.google.internal, *.ec2.internal),
    /// *.local (mDNS), and the bare metadata names some clouds resolve through search domains.
    /// </summary>
    private static bool IsLocalName(string name) =>
        name is "localhost" or "metadata" or "instance-data"
        || name.EndsWith(".localhost", StringComparison.Ordinal)
        || name.EndsWith(".internal", StringComparison.Ordinal)
        || name.EndsWith(".local", StringComparison.Ordinal);

    private static FetchTargetCheck Judge(IReadOnlyList<IPAddress> addresses, FetchAllowList allow)
    {
        foreach (var address in addresses)
        {
            var kind = AddressClassifier.Classify(address);
            if (kind != AddressKind.Public && !allow.AllowsAddress(address))
            {
                return FetchTargetCheck.Refused(AddressClassifier.Describe(kind));
            }
        }

        return FetchTargetCheck.Allowed(addresses);
    }

    private FetchAllowList AllowList()
    {
        // Config snapshots are immutable: parse again only when the list instance changes.
        var source = asset.CurrentValue.FetchAllow;
        if (_allow is { } cached && ReferenceEquals(cached.Source, source))
        {
            return cached.List;
        }

        var list = FetchAllowList.Parse(source);
        _allow = new AllowCache(source, list);
        return list;
    }

    private sealed record AllowCache(IReadOnlyList<string> Source, FetchAllowList List);
}
