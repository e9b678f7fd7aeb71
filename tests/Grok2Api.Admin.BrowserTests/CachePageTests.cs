using Grok2Api.Admin.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>The cache page lists the local media files and deletes one.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CachePageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_deleted_file_leaves_the_list_and_the_disk()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        var images = CacheFiles.ImageDirectory(app);
        var doomed = CacheFiles.WriteImage(app, "browser-doomed.png");
        var kept = CacheFiles.WriteImage(app, "browser-kept.png");
        await app.SignInAndGotoAsync("/admin/cache");
        var doomedRow = app.Page.Locator("[data-testid='cache-file'][data-name='browser-doomed.png']");
        await Expect(doomedRow).ToBeVisibleAsync();
        await Expect(app.Page.Locator("[data-testid='cache-file'][data-name='browser-kept.png']")).ToBeVisibleAsync();

        await doomedRow.GetByTestId("cache-delete").ClickAsync();
        await app.Page.GetByTestId("cache-confirm-ok").ClickAsync();

        await Expect(doomedRow).ToHaveCountAsync(0);
        await Expect(app.Page.Locator("[data-testid='cache-file'][data-name='browser-kept.png']")).ToBeVisibleAsync();
        Assert.False(File.Exists(doomed));
        Assert.True(File.Exists(kept));
        await app.Page.ReloadAsync();
        await Expect(app.Page.Locator("[data-testid='cache-file'][data-name='browser-kept.png']")).ToBeVisibleAsync();
        await Expect(doomedRow).ToHaveCountAsync(0);
        Assert.Equal(["browser-kept.png"], Directory.GetFiles(images).Select(Path.GetFileName));
    }
}
