using System.Diagnostics;
using System.Net;

namespace Grok2Api.Proxy.Upstream;

/// <summary>The SocketsHttpHandler settings of every upstream call.</summary>
internal static class EgressHandlerBuilder
{
    /// <summary>Bounds the TCP (and proxy) connect phase; the per-call timeout bounds the rest.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Recycles pooled connections so DNS changes and proxy rotations are picked up.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);

    public static SocketsHttpHandler Create(EgressProxy? proxy, bool followRedirects) => new()
    {
        // The Cookie header is built per account; a shared cookie jar would mix accounts.
        UseCookies = false,
        AllowAutoRedirect = followRedirects,
        MaxAutomaticRedirections = 5,
        // Small JSON answers may come compressed; Accept-Encoding offers exactly these three.
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
        ConnectTimeout = ConnectTimeout,
        PooledConnectionLifetime = PooledConnectionLifetime,
        PooledConnectionIdleTimeout = PooledConnectionIdleTimeout,
        EnableMultipleHttp2Connections = true,
        // Direct means direct: environment proxy variables are not consulted.
        UseProxy = proxy is not null,
        Proxy = proxy?.ToWebProxy(),
        // The browser client sends no traceparent; do not leak ours upstream.
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
    };
}
