using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Proxy.Tests.Upstream;

/// <summary>A request the stub saw.</summary>
internal sealed record RecordedRequest(
    string Method, string PathAndQuery, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A Kestrel app on 127.0.0.1:0 answering with a delegate and recording every request.</summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private StubServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public string Origin => BaseUri.GetLeftPart(UriPartial.Authority);

    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts a stub; the handler gets the context and the 1-based request number.</summary>
    public static async Task<StubServer> StartAsync(Func<HttpContext, int, Task> handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stub = new StubServer(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
            stub.Requests.Enqueue(new RecordedRequest(
                context.Request.Method, context.Request.Path + context.Request.QueryString, raw, headers, body.ToArray()));
            context.Request.Body = new MemoryStream(body.ToArray());
            var number = Interlocked.Increment(ref stub._count);
            await handler(context, number);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        stub.BaseUri = new Uri(address);
        return stub;
    }

    public static Task<StubServer> StartAsync(Func<HttpContext, Task> handler, CancellationToken cancellationToken) =>
        StartAsync((context, _) => handler(context), cancellationToken);

    public static Task<StubServer> JsonAsync(int status, string json, CancellationToken cancellationToken) =>
        StartAsync(context => Respond(context, status, json), cancellationToken);

    public static async Task Respond(HttpContext context, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
