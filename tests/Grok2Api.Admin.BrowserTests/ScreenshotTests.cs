using Grok2Api.Admin.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>
/// The four main pages at desktop and phone width, in English and in Chinese (the language of most of
/// the original project's users), with data on them, saved as full-page screenshots (see
/// <see cref="Screenshots"/>, Chinese ones named <c>…-zh-…</c>) for people to look at; the test checks
/// each page fits the width, and that at phone width no table hides a column to the side.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(ChromiumFixture chromium)
{
    /// <summary>Each page and an element that shows it has its data.</summary>
    private static readonly (string Path, string Name, string Ready)[] Pages =
        [("/admin/", "dashboard", "stat-total"), ("/admin/tokens", "tokens", "token-row"), ("/admin/config", "config", "config-save"), ("/admin/cache", "cache", "cache-file")];

    [Theory]
    [InlineData("en-US", "")]
    [InlineData("zh-CN", "-zh")]
    public async Task Dashboard_tokens_config_and_cache_render_and_fit_desktop_and_phone_widths(string locale, string suffix)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken, locale: locale);
        await TokenSetup.AddMixedPoolAsync(app, cancellationToken);
        CacheFiles.WriteImage(app, "sample-image-1.png");
        CacheFiles.WriteImage(app, "sample-image-2.png");

        foreach (var viewport in (Viewport[])[Viewport.Desktop, Viewport.Phone])
        {
            await app.OpenContextAsync(chromium, viewport, locale);
            await app.SignInAndGotoAsync(Pages[0].Path);
            await Expect(app.Page.Locator("html")).ToHaveAttributeAsync("lang", locale[..2] == "zh" ? "zh-CN" : "en");
            foreach (var (path, name, ready) in Pages)
            {
                await ShootAsync(app, path, name + suffix, app.Page.GetByTestId(ready).First);
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> (unless shown), waits for <paramref name="ready"/>, images and fonts, saves the page and checks it fits the width.</summary>
    internal static async Task ShootAsync(AdminApp app, string path, string name, ILocator ready)
    {
        if (new Uri(app.Page.Url).AbsolutePath != path)
        {
            await app.GotoAsync(path);
        }

        await Expect(ready).ToBeVisibleAsync();
        // Thumbnails and fonts drawn before the picture is taken.
        await app.Page.WaitForFunctionAsync(
            "() => [...document.images].every(i => i.complete || i.getBoundingClientRect().top >= innerHeight) && document.fonts.status === 'loaded'");

        var file = await Screenshots.SaveAsync(app.Page, name, app.Viewport);

        Assert.True(new FileInfo(file).Length > 1000, $"{file} is (nearly) empty.");
        var overflow = await app.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name} at {app.Viewport.Name} width scrolls sideways by {overflow} px.");

        if (app.Viewport == Viewport.Phone)
        {
            // On a phone every column of every row is on screen: no table hides cells to the side of its box.
            var hidden = await app.Page.EvaluateAsync<string[]>(
                """
                () => [...document.querySelectorAll('.table-wrap')].flatMap(wrap => {
                  const right = wrap.getBoundingClientRect().right + 1;
                  const cut = [...wrap.querySelectorAll('tbody td, tbody th')].filter(cell => cell.getBoundingClientRect().right > right);
                  return wrap.scrollWidth > wrap.clientWidth + 1 || cut.length > 0
                    ? [`${wrap.querySelector('table')?.dataset.testid ?? 'a table'}: ${cut.length} cells cut, scrolls ${wrap.scrollWidth - wrap.clientWidth} px`]
                    : [];
                })
                """);
            Assert.True(hidden.Length == 0, $"{name} at phone width: {string.Join("; ", hidden)}");
        }
    }
}
