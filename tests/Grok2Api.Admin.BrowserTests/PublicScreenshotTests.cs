using Grok2Api.Admin.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>
/// The public pages (login, imagine with images, video with its player, voice after a failed
/// connection) at desktop and phone width, in English and in Chinese, saved as
/// <c>public-&lt;page&gt;[-zh]-&lt;desktop|phone&gt;.png</c> next to the admin app's; each must fit the width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicScreenshotTests(ChromiumFixture chromium)
{
    [Theory]
    [InlineData("en-US", "")]
    [InlineData("zh-CN", "-zh")]
    public async Task Public_pages_render_and_fit_desktop_and_phone_widths(string locale, string suffix)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await Playground.StartAsync(chromium, cancellationToken, locale: locale);

        foreach (var viewport in (Viewport[])[Viewport.Desktop, Viewport.Phone])
        {
            await app.OpenContextAsync(chromium, viewport, locale);
            await app.GotoAsync("/login");
            await Expect(app.Page.Locator("html")).ToHaveAttributeAsync("lang", locale[..2] == "zh" ? "zh-CN" : "en");
            await ScreenshotTests.ShootAsync(app, "/login", "public-login" + suffix, app.Page.GetByTestId("pub-login-key"));

            await Playground.SignInAndGotoAsync(app, "/imagine");
            await Playground.StartImagineAsync(app);
            await Expect(app.Page.GetByTestId("imagine-image").Nth(1)).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await app.Page.GetByTestId("imagine-stop").ClickAsync();
            await Expect(app.Page.GetByTestId("imagine-state")).ToHaveAttributeAsync("data-state", "idle");
            await app.Page.GetByTestId("imagine-select").First.CheckAsync();
            // Back to the top: a full-page picture of a scrolled page draws the sticky header mid-page.
            await app.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await ScreenshotTests.ShootAsync(app, "/imagine", "public-imagine" + suffix, app.Page.GetByTestId("imagine-grid"));

            await app.Page.GetByTestId("pub-nav-video").ClickAsync();
            await Playground.MakeVideoAsync(app);
            await ScreenshotTests.ShootAsync(app, "/video", "public-video" + suffix, app.Page.GetByTestId("video-player"));

            await app.Page.GetByTestId("pub-nav-voice").ClickAsync();
            await app.Page.GetByTestId("voice-connect").ClickAsync();
            await Expect(app.Page.GetByTestId("voice-state")).ToHaveAttributeAsync("data-state", "failed", new() { Timeout = 45_000 });
            await ScreenshotTests.ShootAsync(app, "/voice", "public-voice" + suffix, app.Page.GetByTestId("voice-error"));
        }
    }
}
