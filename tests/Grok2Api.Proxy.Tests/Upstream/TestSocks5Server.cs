using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Grok2Api.Proxy.Tests.Upstream;

/// <summary>What a SOCKS5 client asked for.</summary>
internal sealed record SocksConnect(byte AddressType, string Host, int Port, string? UserName, string? Password);

/// <summary>
/// A minimal SOCKS5 server (RFC 1928 CONNECT, RFC 1929 username/password) on 127.0.0.1:0. Every
/// destination, name or address, is reached on 127.0.0.1 at the requested port.
/// </summary>
internal sealed class TestSocks5Server : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly (string User, string Password)? _required;
    private readonly List<Task> _connections = [];
    private Task _acceptLoop = Task.CompletedTask;

    private TestSocks5Server((string User, string Password)? required) => _required = required;

    public ConcurrentQueue<SocksConnect> Connects { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TestSocks5Server Start((string User, string Password)? requiredCredentials = null)
    {
        var server = new TestSocks5Server(requiredCredentials);
        server._listener.Start();
        server._acceptLoop = server.AcceptLoopAsync();
        return server;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections)
                {
                    _connections.Add(ServeAsync(client));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var ct = _stop.Token;
        try
        {
            var stream = client.GetStream();
            var head = await ReadAsync(stream, 2, ct);
            var methods = await ReadAsync(stream, head[1], ct);
            string? user = null;
            string? password = null;
            if (_required is { } required)
            {
                if (!methods.Contains((byte)2))
                {
                    await stream.WriteAsync(new byte[] { 5, 0xFF }, ct);
                    return;
                }

                await stream.WriteAsync(new byte[] { 5, 2 }, ct);
                var version = await ReadAsync(stream, 2, ct);
                user = Encoding.UTF8.GetString(await ReadAsync(stream, version[1], ct));
                var passwordLength = await ReadAsync(stream, 1, ct);
                password = Encoding.UTF8.GetString(await ReadAsync(stream, passwordLength[0], ct));
                var ok = user == required.User && password == required.Password;
                await stream.WriteAsync(new byte[] { 1, ok ? (byte)0 : (byte)1 }, ct);
                if (!ok)
                {
                    Connects.Enqueue(new SocksConnect(0, "", 0, user, password));
                    return;
                }
            }
            else
            {
                await stream.WriteAsync(new byte[] { 5, 0 }, ct);
            }

            var request = await ReadAsync(stream, 4, ct);
            var addressType = request[3];
            string host = addressType switch
            {
                1 => new IPAddress(await ReadAsync(stream, 4, ct)).ToString(),
                4 => new IPAddress(await ReadAsync(stream, 16, ct)).ToString(),
                3 => Encoding.ASCII.GetString(await ReadAsync(stream, (await ReadAsync(stream, 1, ct))[0], ct)),
                _ => throw new InvalidDataException("bad address type"),
            };
            var port = BinaryPrimitives.ReadUInt16BigEndian(await ReadAsync(stream, 2, ct));
            Connects.Enqueue(new SocksConnect(addressType, host, port, user, password));

            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, port, ct);
            await stream.WriteAsync(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0, 0 }, ct);
            var upstreamStream = upstream.GetStream();
            using var pump = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var up = stream.CopyToAsync(upstreamStream, pump.Token);
            var down = upstreamStream.CopyToAsync(stream, pump.Token);
            await Task.WhenAny(up, down);
            await pump.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
        }
    }

    private static async Task<byte[]> ReadAsync(NetworkStream stream, int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, ct);
        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections.Append(_acceptLoop)).WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
