using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Grok2Api.Proxy.Tests.Upstream;

/// <summary>
/// A minimal HTTP forward proxy for plain-http targets: accepts absolute-form requests, optionally
/// demands Basic proxy credentials (407 challenge), and relays to the target directly.
/// </summary>
internal sealed class TestForwardProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Proxy-Authorization", "Proxy-Connection", "Connection", "Keep-Alive", "Transfer-Encoding", "Host", "TE", "Upgrade",
    };

    private readonly HttpMessageInvoker _relay = new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    });

    private StubServer _server = null!;

    /// <summary>Absolute-form targets relayed, in order.</summary>
    public ConcurrentQueue<string> Relayed { get; } = new();

    /// <summary>Decoded <c>user:password</c> of every Proxy-Authorization received.</summary>
    public ConcurrentQueue<string> Credentials { get; } = new();

    public Uri Address => _server.BaseUri;

    public static async Task<TestForwardProxy> StartAsync(string? requiredCredentials, CancellationToken cancellationToken)
    {
        var proxy = new TestForwardProxy();
        proxy._server = await StubServer.StartAsync(context => proxy.HandleAsync(context, requiredCredentials), cancellationToken);
        return proxy;
    }

    /// <summary>The proxy URL with optional user info, e.g. <c>http://u:p@127.0.0.1:1234</c>.</summary>
    public string Url(string? userInfo = null) =>
        userInfo is null ? Address.GetLeftPart(UriPartial.Authority) : $"http://{userInfo}@{Address.Authority}";

    private async Task HandleAsync(HttpContext context, string? requiredCredentials)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        string? presented = null;
        var authorization = context.Request.Headers["Proxy-Authorization"].ToString();
        if (authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            presented = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
            Credentials.Enqueue(presented);
        }

        if (requiredCredentials is not null && presented != requiredCredentials)
        {
            context.Response.StatusCode = 407;
            context.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"test\"";
            return;
        }

        if (!target.StartsWith("http://", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 400;
            return;
        }

        Relayed.Enqueue(target);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _relay.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        _relay.Dispose();
        await _server.DisposeAsync();
    }
}
