using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool.Selection;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>Stopping the gateway writes every pending token change to token.json.</summary>
public sealed class ShutdownFlushTests
{
    [Fact]
    public async Task Stop_RightAfterASuccessfulLease_WritesQuotaAndUseCount()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var token = TestTokens.New();

        // A long write-behind delay: only the shutdown flush can have written the change.
        DataDirectoryFiles.WriteConfig(data.Path, "[token]\nsave_delay_ms = 600000\nauto_refresh = false\n");
        DataDirectoryFiles.WriteTokens(data.Path, $$"""
            {"ssoBasic": [{"token": "{{token}}", "status": "active", "quota": 80, "created_at": 1739600000000, "use_count": 3}], "ssoSuper": []}
            """);
        var gateway = await GatewayHost.StartAsync(data.Path, ct);
        try
        {
            var selector = gateway.Services.GetRequiredService<ITokenSelector>();
            var request = new TokenRequest(PoolTier.Basic, cost: 4);
            var tried = default(TokenExclusions);
            Assert.True(selector.TryLease(request, ref tried, out var lease));
            Assert.Equal(TestTokens.IdOf(token), lease.TokenId);
            Assert.True(selector.Complete(lease, LeaseOutcome.Success, null));

            await gateway.StopAsync();

            var stored = Assert.Single(DataDirectoryFiles.ReadTokens(data.Path));
            Assert.Equal(token, stored.Token);
            Assert.Equal(76, stored.Quota);
            Assert.Equal(3 + 4, stored.UseCount); // use_count adds the quota units consumed, as the original did
            Assert.Equal("active", stored.Status);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }
}
