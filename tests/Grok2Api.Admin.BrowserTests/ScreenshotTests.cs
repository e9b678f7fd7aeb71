using Grok2Api.Admin.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>
/// The four main pages at desktop and phone width, with data on them, saved as full-page screenshots
/// (see <see cref="Screenshots"/>) for people to look at; the test checks each page fits the width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(ChromiumFixture chromium)
{
    public static TheoryData<string> Widths => [Viewport.Desktop.Name, Viewport.Phone.Name];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Dashboard_tokens_config_and_cache_render_and_fit_the_width(string width)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var viewport = width == Viewport.Phone.Name ? Viewport.Phone : Viewport.Desktop;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await TokenSetup.AddMixedPoolAsync(app, cancellationToken);
        CacheFiles.WriteImage(app, "sample-image-1.png");
        CacheFiles.WriteImage(app, "sample-image-2.png");
        await app.OpenContextAsync(chromium, viewport);
        await app.LoginAsync();

        await ShootAsync(app, "/admin/", "dashboard", app.Page.GetByTestId("stat-total"));
        await ShootAsync(app, "/admin/tokens", "tokens", app.Page.GetByTestId("token-row").First);
        await ShootAsync(app, "/admin/config", "config", app.Page.GetByTestId("config-save"));
        await ShootAsync(app, "/admin/cache", "cache", app.Page.GetByTestId("cache-file").First);
    }

    private static async Task ShootAsync(AdminApp app, string path, string name, ILocator ready)
    {
        await app.GotoAsync(path);
        await Expect(ready).ToBeVisibleAsync();
        await app.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var file = await Screenshots.SaveAsync(app.Page, name, app.Viewport);

        Assert.True(new FileInfo(file).Length > 1000, $"{file} is (nearly) empty.");
        var overflow = await app.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name} at {app.Viewport.Name} width scrolls sideways by {overflow} px.");
    }
}
