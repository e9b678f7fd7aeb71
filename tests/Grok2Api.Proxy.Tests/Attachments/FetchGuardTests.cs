using System.Net;
using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Tests.Media;
using Grok2Api.Proxy.Tests.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Proxy.Tests.Attachments;

public sealed class FetchGuardTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DirectInvoker_LoopbackTargetWithoutPreCheck_IsRefusedAtConnectTime()
    {
        await using var stub = await StubServer.StartAsync(c => StubServer.Respond(c, 200, "secret"), Ct);
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(new Uri("http://127.0.0.1:9/")));
        var fetcher = services.Services.GetRequiredService<AttachmentFetcher>();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://localhost:{stub.BaseUri.Port}/");
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => fetcher.DirectInvoker.SendAsync(request, Ct).WaitAsync(Bound, Ct));

        Assert.IsType<FetchRefusedException>(error.InnerException);
        Assert.Equal(0, stub.Count);
    }

    [Fact]
    public async Task CheckHostAsync_AllowlistChangesApplyToTheNextCheck()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(new Uri("http://127.0.0.1:9/")));
        var guard = services.Services.GetRequiredService<FetchGuard>();

        var before = await guard.CheckHostAsync("127.0.0.1", Ct);
        services.Config.Update(c => c with { Asset = c.Asset with { FetchAllow = ["127.0.0.1"] } });
        var after = await guard.CheckHostAsync("127.0.0.1", Ct);

        Assert.False(before.IsAllowed);
        Assert.True(after.IsAllowed);
        Assert.Equal(IPAddress.Loopback, Assert.Single(after.Addresses));
    }

    [Fact]
    public async Task CheckHostAsync_PublicLiteral_IsAllowedWithoutResolving()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(new Uri("http://127.0.0.1:9/")));
        var guard = services.Services.GetRequiredService<FetchGuard>();

        var check = await guard.CheckHostAsync("93.184.215.14", Ct);

        Assert.True(check.IsAllowed);
    }
}
