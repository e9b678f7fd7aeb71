using System.Net;
using System.Text.RegularExpressions;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>Logging in and out with the admin key (cookie session).</summary>
[Collection(BrowserCollection.Name)]
public sealed class LoginTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task The_key_logs_in_to_the_dashboard_and_log_out_returns_to_the_login_page()
    {
        await using var app = await AdminApp.StartAsync(chromium, TestContext.Current.CancellationToken);
        await app.GotoAsync("/admin/");
        await Expect(app.Page.GetByTestId("login-key")).ToBeVisibleAsync();

        await app.LoginAsync();

        await Expect(app.Page).ToHaveURLAsync(new Uri(app.BaseAddress, "/admin/").ToString());
        await Expect(app.Page.GetByTestId("nav-tokens")).ToBeVisibleAsync();
        Assert.Contains(await app.Context.CookiesAsync(), c => c.Name == "grok2api_admin" && c.HttpOnly);

        await app.Page.GetByTestId("logout").ClickAsync();

        await Expect(app.Page.GetByTestId("login-key")).ToBeVisibleAsync();
        await Expect(app.Page).ToHaveURLAsync(new Regex("/admin/login"));
        Assert.DoesNotContain(await app.Context.CookiesAsync(), c => c.Name == "grok2api_admin");
        await app.GotoAsync("/admin/tokens");
        await Expect(app.Page.GetByTestId("login-key")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("tokens-table")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_wrong_key_shows_an_error_and_logs_nobody_in()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await app.GotoAsync("/admin/login");

        await app.Page.GetByTestId("login-key").FillAsync("not-the-admin-key");
        await app.Page.GetByTestId("login-submit").ClickAsync();

        await Expect(app.Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("login-key")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("nav-dashboard")).ToHaveCountAsync(0);
        var session = await app.Page.APIRequest.GetAsync("/v1/admin/session");
        Assert.Equal((int)HttpStatusCode.Unauthorized, session.Status);
    }
}
