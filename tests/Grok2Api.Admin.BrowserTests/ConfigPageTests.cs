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
}
