namespace Grok2Api.Tests.Common.Servers;

/// <summary>Checks tests make against a server from outside.</summary>
public static class ServerProbe
{
    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/> (2 s bound).</summary>
    public static Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken) =>
        ServerProcess.AcceptsAsync(port, cancellationToken);
}
