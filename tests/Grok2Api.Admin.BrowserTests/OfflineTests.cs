using Grok2Api.Admin.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>The app needs nothing but the service: no CDN, no font host, no analytics.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OfflineTests(ChromiumFixture chromium)
{
    /// <summary>Each page and an element that shows it has loaded its data.</summary>
    private static readonly (string Path, string Ready)[] Pages =
        [("/admin/", "stat-total"), ("/admin/tokens", "token-row"), ("/admin/config", "config-save"), ("/admin/cache", "cache-file")];

    [Fact]
    public async Task Every_request_of_every_page_goes_to_the_service_itself()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await TokenSetup.AddAsync(app, 3, cancellationToken);
        CacheFiles.WriteImage(app, "offline-check.png");

        await app.LoginAsync();
        foreach (var (path, ready) in Pages)
        {
            await app.GotoAsync(path);
            await Expect(app.Page.GetByTestId(ready).First).ToBeVisibleAsync();
            await app.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        var requests = app.Requests.Where(r => !r.StartsWith("data:", StringComparison.Ordinal) && !r.StartsWith("blob:", StringComparison.Ordinal)).ToList();
        Assert.Contains(requests, r => r.Contains("/admin/", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Contains("/v1/admin/", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.True(app.IsService(r), $"The page asked another host: {r}"));
        Assert.Empty(app.PageErrors);
    }
}
