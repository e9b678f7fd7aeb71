using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>Routes of the "ReverseProxy" section of appsettings.json are forwarded by YARP, streaming, and reloaded on edit.</summary>
public sealed class EdgeProxyTests
{
    [Fact]
    public async Task PassThroughRoute_StreamsChunksBeforeTheBackendFinishes()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await LoopbackApp.StartAsync(app => app.MapGet("/edge/stream", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: first\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await release.Task.WaitAsync(TimeSpan.FromSeconds(20), context.RequestAborted);
            await context.Response.WriteAsync("data: second\n\n", context.RequestAborted);
        }), ct);

        using var contentRoot = new TempDirectory();
        using var data = new TempDirectory();
        WriteRoutes(contentRoot, ("edge", "/edge/{**rest}", backend.BaseAddress));
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct, $"--contentRoot={contentRoot.Path}");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/edge/stream");
        using var response = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(ct);

        // The first event arrives while the backend is still holding the response open.
        var first = await ReadUntilAsync(body, "first", ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Contains("data: first", first, StringComparison.Ordinal);
        Assert.False(release.Task.IsCompleted);

        release.SetResult();
        var rest = await ReadToEndAsync(body, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Contains("data: second", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatchAllRoute_TakesTheSiteRoot_OverTheRedirectToTheAdminApp()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var backend = await LoopbackApp.StartAsync(app => app.MapGet("/", () => "the operator's site"), ct);
        using var contentRoot = new TempDirectory();
        using var data = new TempDirectory();
        WriteRoutes(contentRoot, ("site", "/{**rest}", backend.BaseAddress));
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct, $"--contentRoot={contentRoot.Path}");
        using var client = gateway.CreateClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("the operator's site", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task RoutesFile_EditedWhileRunning_IsReloadedWithoutRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var backend = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/one/ping", () => "one");
            app.MapGet("/two/ping", () => "two");
        }, ct);
        using var contentRoot = new TempDirectory();
        using var data = new TempDirectory();
        WriteRoutes(contentRoot, ("one", "/one/{**rest}", backend.BaseAddress));
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct, $"--contentRoot={contentRoot.Path}");

        Assert.Equal("one", await gateway.Client.GetStringAsync(new Uri("/one/ping", UriKind.Relative), ct));
        using (var before = await gateway.Client.GetAsync(new Uri("/two/ping", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        WriteRoutes(contentRoot, ("one", "/one/{**rest}", backend.BaseAddress), ("two", "/two/{**rest}", backend.BaseAddress));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(200, ct);
            using var after = await gateway.Client.GetAsync(new Uri("/two/ping", UriKind.Relative), ct);
            status = after.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                Assert.Equal("two", await after.Content.ReadAsStringAsync(ct));
            }
        }
        while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task BackendDown_IsYarpsBodiless502_NotAnErrorShape()
    {
        var ct = TestContext.Current.CancellationToken;
        using var contentRoot = new TempDirectory();
        using var data = new TempDirectory();

        // Port 1 on loopback refuses the connection at once.
        WriteRoutes(contentRoot, ("down", "/down/{**rest}", new Uri("http://127.0.0.1:1/")));
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct, $"--contentRoot={contentRoot.Path}");

        using var response = await gateway.Client.GetAsync(new Uri("/down/ping", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal("", await response.Content.ReadAsStringAsync(ct));
        Assert.True(response.Headers.Contains("x-request-id"));
    }

    private static void WriteRoutes(TempDirectory contentRoot, params (string Id, string Path, Uri Backend)[] routes)
    {
        var routeSection = new JsonObject();
        var clusterSection = new JsonObject();
        foreach (var (id, path, backendUri) in routes)
        {
            routeSection[id] = new JsonObject { ["ClusterId"] = id, ["Match"] = new JsonObject { ["Path"] = path } };
            clusterSection[id] = new JsonObject
            {
                ["Destinations"] = new JsonObject { ["d1"] = new JsonObject { ["Address"] = backendUri.ToString() } },
            };
        }

        var root = new JsonObject { ["ReverseProxy"] = new JsonObject { ["Routes"] = routeSection, ["Clusters"] = clusterSection } };
        var temp = contentRoot.File("appsettings.json.tmp");
        File.WriteAllText(temp, root.ToJsonString());
        File.Move(temp, contentRoot.File("appsettings.json"), overwrite: true);
    }

    private static async Task<string> ReadUntilAsync(Stream body, string marker, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new byte[256];
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static async Task<string> ReadToEndAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
