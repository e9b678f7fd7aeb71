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

    [Fact]
    public async Task The_accounts_of_online_assets_can_be_filtered_and_shown_more_per_page()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        var tokens = await TokenSetup.AddAsync(app, 25, cancellationToken);
        await app.Admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{Proxy.FunctionalTests.Infrastructure.TestTokens.IdOf(tokens[17])}", new System.Text.Json.Nodes.JsonObject { ["note"] = "team-blue account" }, cancellationToken);
        await app.SignInAndGotoAsync("/admin/cache");
        var rows = app.Page.GetByTestId("asset-row");
        await Expect(rows).ToHaveCountAsync(20);

        await app.Page.GetByTestId("assets-page-size").SelectOptionAsync("50");
        await Expect(rows).ToHaveCountAsync(25);

        await app.Page.GetByTestId("assets-search").FillAsync("team-blue");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-id", Proxy.FunctionalTests.Infrastructure.TestTokens.IdOf(tokens[17]));

        await app.Page.GetByTestId("assets-search").FillAsync("no-such-account");
        await Expect(app.Page.GetByTestId("assets-empty")).ToHaveTextAsync("No account matches \u201cno-such-account\u201d.");
    }

    [Fact]
    public async Task Selected_files_are_deleted_together_after_one_confirmation()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        var images = CacheFiles.ImageDirectory(app);
        foreach (var name in new[] { "pick-a.png", "pick-b.png", "keep-c.png" })
        {
            CacheFiles.WriteImage(app, name);
        }

        await app.SignInAndGotoAsync("/admin/cache");
        var deleteSelected = app.Page.GetByTestId("cache-delete-selected");
        await Expect(deleteSelected).ToBeDisabledAsync();
        foreach (var name in new[] { "pick-a.png", "pick-b.png" })
        {
            await app.Page.Locator($"[data-testid='cache-file'][data-name='{name}']").GetByTestId("cache-select").CheckAsync();
        }

        await Expect(deleteSelected).ToHaveTextAsync("Delete selected (2)");
        await deleteSelected.ClickAsync();
        await Expect(app.Page.GetByTestId("cache-confirm")).ToContainTextAsync("Delete 2 files?");
        await app.Page.GetByTestId("cache-confirm-ok").ClickAsync();

        await Expect(app.Page.GetByTestId("cache-file")).ToHaveCountAsync(1);
        await Expect(app.Page.Locator("[data-testid='cache-file'][data-name='keep-c.png']")).ToBeVisibleAsync();
        Assert.Equal(["keep-c.png"], Directory.GetFiles(images).Select(Path.GetFileName));
        await Expect(deleteSelected).ToHaveTextAsync("Delete selected (0)");
    }
}
