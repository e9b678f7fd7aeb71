using System.Text.RegularExpressions;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>The login form and the navigation work with Tab and Enter alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(ChromiumFixture chromium)
{
    private static readonly (string TestId, string Path)[] Pages =
        [("nav-tokens", "/admin/tokens"), ("nav-config", "/admin/config"), ("nav-cache", "/admin/cache"), ("nav-dashboard", "/admin/")];

    [Fact]
    public async Task Logging_in_and_moving_between_pages_needs_only_Tab_and_Enter()
    {
        await using var app = await AdminApp.StartAsync(chromium, TestContext.Current.CancellationToken);
        await app.GotoAsync("/admin/login");
        await Expect(app.Page.GetByTestId("login-key")).ToBeVisibleAsync();

        await TabToAsync(app.Page, "login-key");
        await app.Page.Keyboard.TypeAsync(app.Key);
        await app.Page.Keyboard.PressAsync("Enter");
        await Expect(app.Page.GetByTestId("nav-dashboard")).ToBeVisibleAsync();

        foreach (var (testId, path) in Pages)
        {
            await TabToAsync(app.Page, testId);
            await app.Page.Keyboard.PressAsync("Enter");
            await Expect(app.Page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        }

        await TabToAsync(app.Page, "logout");
        await app.Page.Keyboard.PressAsync("Enter");
        await Expect(app.Page.GetByTestId("login-key")).ToBeVisibleAsync();
    }

    /// <summary>Presses Tab until the element with <paramref name="testId"/> has the focus (at most 60 presses).</summary>
    private static async Task TabToAsync(IPage page, string testId)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            if (await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid') ?? null") == testId)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached [data-testid={testId}] in 60 presses.");
    }
}
