using System.Text.RegularExpressions;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>Chinese and English: picked from the browser, switchable, and the choice survives a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LanguageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_Chinese_browser_gets_Chinese_and_the_switch_to_English_survives_a_reload()
    {
        await using var app = await AdminApp.StartAsync(chromium, TestContext.Current.CancellationToken, locale: "zh-CN");
        await app.LoginAsync();
        var nav = app.Page.GetByTestId("nav-tokens");
        await Expect(nav).ToHaveTextAsync(Chinese());
        await Expect(app.Page.Locator("html")).ToHaveAttributeAsync("lang", new Regex("^zh"));

        await SwitchAsync(app.Page, "en");

        await Expect(nav).ToHaveTextAsync(new Regex("Tokens", RegexOptions.IgnoreCase));
        await Expect(nav).Not.ToHaveTextAsync(Chinese());
        await Expect(app.Page.Locator("html")).ToHaveAttributeAsync("lang", new Regex("^en"));
        await app.Page.ReloadAsync();
        await Expect(app.Page.GetByTestId("nav-tokens")).ToHaveTextAsync(new Regex("Tokens", RegexOptions.IgnoreCase));

        await SwitchAsync(app.Page, "zh");

        await Expect(app.Page.GetByTestId("nav-tokens")).ToHaveTextAsync(Chinese());
        await app.Page.ReloadAsync();
        await Expect(app.Page.GetByTestId("nav-tokens")).ToHaveTextAsync(Chinese());
    }

    [Fact]
    public async Task An_English_browser_gets_English()
    {
        await using var app = await AdminApp.StartAsync(chromium, TestContext.Current.CancellationToken, locale: "en-US");
        await app.LoginAsync();

        await Expect(app.Page.GetByTestId("nav-tokens")).ToHaveTextAsync(new Regex("Tokens", RegexOptions.IgnoreCase));
        await Expect(app.Page.GetByTestId("nav-config")).Not.ToHaveTextAsync(Chinese());
    }

    /// <summary>Chooses <paramref name="language"/> with the switch, whether it is a select or a toggle button.</summary>
    private static async Task SwitchAsync(IPage page, string language)
    {
        var control = page.GetByTestId("lang-switch");
        if (await control.EvaluateAsync<string>("el => el.tagName") == "SELECT")
        {
            var value = await control.EvaluateAsync<string>(
                "(el, lang) => [...el.options].find(o => o.value.toLowerCase().startsWith(lang))?.value ?? ''", language);
            Assert.False(string.IsNullOrEmpty(value), $"The language switch offers no '{language}' option.");
            await control.SelectOptionAsync(value);
        }
        else
        {
            await control.ClickAsync();
        }
    }

    /// <summary>Any Chinese character (a range Playwright's JavaScript regexes understand too).</summary>
    [GeneratedRegex("[\u4e00-\u9fff]")]
    private static partial Regex Chinese();
}
