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

    /// <summary>
    /// Moves the focus to the element with <paramref name="testId"/> the way a keyboard user does: Tab when
    /// it comes later in the page, Shift+Tab when it comes earlier (at most 60 presses).
    /// </summary>
    private static async Task TabToAsync(IPage page, string testId)
    {
        const string Where = """
            id => {
              const target = document.querySelector(`[data-testid="${id}"]`);
              const active = document.activeElement;
              if (!target) return 'missing';
              if (active === target) return 'here';
              if (!active || active === document.body) return 'after';
              return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before';
            }
            """;
        for (var presses = 0; presses < 60; presses++)
        {
            switch (await page.EvaluateAsync<string>(Where, testId))
            {
                case "here":
                    return;
                case "after":
                    await page.Keyboard.PressAsync("Tab");
                    break;
                case "before":
                    await page.Keyboard.PressAsync("Shift+Tab");
                    break;
                default:
                    Assert.Fail($"No [data-testid={testId}] on the page.");
                    break;
            }
        }

        Assert.Fail($"The keyboard never reached [data-testid={testId}] in 60 presses.");
    }
}
