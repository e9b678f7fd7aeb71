using Grok2Api.Admin.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>The config page: an edited value is saved, applied and reported; a bad one is refused inline.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ConfigPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_saved_value_is_applied_and_the_app_says_what_changed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await app.SignInAndGotoAsync("/admin/config");
        var input = app.Page.GetByTestId("config-input-token.fail_threshold");
        await Expect(input).ToHaveValueAsync("5");

        await input.FillAsync("7");
        await app.Page.GetByTestId("config-save").ClickAsync();

        var toast = app.Page.GetByTestId("toast");
        await Expect(toast).ToBeVisibleAsync();
        await Expect(toast).ToContainTextAsync("fail_threshold");
        var config = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, cancellationToken);
        Assert.Equal(7, config.GetProperty("token").GetProperty("fail_threshold").GetInt32());
        await app.Page.ReloadAsync();
        await Expect(app.Page.GetByTestId("config-input-token.fail_threshold")).ToHaveValueAsync("7");
    }

    [Fact]
    public async Task A_value_the_service_refuses_is_shown_next_to_its_input_and_nothing_changes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await app.SignInAndGotoAsync("/admin/config");
        // A URL the service refuses; the browser itself cannot tell, so the reason comes from the service.
        var input = app.Page.GetByTestId("config-input-app.app_url");
        var before = await input.InputValueAsync();

        await input.FillAsync("not a url");
        await app.Page.GetByTestId("config-save").ClickAsync();

        var error = app.Page.GetByTestId("config-error-app.app_url");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).Not.ToBeEmptyAsync();
        var config = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, cancellationToken);
        Assert.Equal(before, config.GetProperty("app").GetProperty("app_url").GetString());
    }

    [Fact]
    public async Task Leaving_the_page_with_unsaved_edits_asks_first_by_link_and_by_Back()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await app.SignInAndGotoAsync("/admin/");
        await app.Page.GetByTestId("nav-config").ClickAsync();
        var input = app.Page.GetByTestId("config-input-token.fail_threshold");
        await input.FillAsync("9");
        var asked = new List<string>();
        var answer = false;
        app.Page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await (answer ? dialog.AcceptAsync() : dialog.DismissAsync());
        };

        // Declined, by the nav link: the page and the draft stay.
        await app.Page.GetByTestId("nav-tokens").ClickAsync();
        await Expect(input).ToHaveValueAsync("9");
        Assert.EndsWith("/admin/config", app.Page.Url, StringComparison.Ordinal);

        // Declined, by the browser's Back button: the address comes back too.
        await app.Page.GoBackAsync();
        await Expect(input).ToHaveValueAsync("9");
        await Expect(app.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/config$"));
        Assert.Equal(["There are unsaved changes. Leave anyway?", "There are unsaved changes. Leave anyway?"], asked);

        // Accepted: the app moves on, and nothing was saved.
        answer = true;
        await app.Page.GetByTestId("nav-tokens").ClickAsync();
        await Expect(app.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/tokens$"));
        Assert.Equal(3, asked.Count);
        var config = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, cancellationToken);
        Assert.Equal(5, config.GetProperty("token").GetProperty("fail_threshold").GetInt32());

        // With nothing unsaved, nothing is asked.
        await app.Page.GetByTestId("nav-config").ClickAsync();
        await app.Page.GetByTestId("nav-cache").ClickAsync();
        await Expect(app.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/cache$"));
        Assert.Equal(3, asked.Count);
    }

    [Fact]
    public async Task The_filter_shows_the_matching_settings_and_says_when_none_match()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await app.SignInAndGotoAsync("/admin/config");
        var filter = app.Page.GetByTestId("config-filter");

        await filter.FillAsync("fail_threshold");
        await Expect(app.Page.GetByTestId("config-input-token.fail_threshold")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("config-input-app.app_url")).ToHaveCountAsync(0);
        await Expect(app.Page.GetByTestId("config-no-match")).ToHaveCountAsync(0);

        await filter.FillAsync("no-such-setting-xyz");
        await Expect(app.Page.GetByTestId("config-no-match")).ToHaveTextAsync("No setting matches \u201cno-such-setting-xyz\u201d.");
        await Expect(app.Page.Locator(".cfg-section")).ToHaveCountAsync(0);
    }
}
