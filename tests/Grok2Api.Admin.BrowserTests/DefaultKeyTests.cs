using System.Net;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>While the admin key is still the documented default, the app makes the operator choose a new one first.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DefaultKeyTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task With_the_default_key_the_app_asks_for_a_new_key_and_saves_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken, appKey: null);
        const string newKey = "chosen-in-the-browser-4d7b2e";
        await app.GotoAsync("/admin/login");
        await app.Page.GetByTestId("login-key").FillAsync(AdminClient.DefaultAppKey);
        await app.Page.GetByTestId("login-submit").ClickAsync();

        await Expect(app.Page.GetByTestId("new-key")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("nav-tokens")).ToHaveCountAsync(0);
        await app.Page.GetByTestId("new-key").FillAsync(newKey);
        await app.Page.GetByTestId("new-key-again").FillAsync(newKey);
        await app.Page.GetByTestId("new-key-submit").ClickAsync();

        // Saved, and the app logged in again with it: the operator lands on the dashboard.
        await Expect(app.Page.GetByTestId("nav-dashboard")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("new-key")).ToHaveCountAsync(0);
        using (var oldKey = await new AdminClient(app.Gateway.Client).SendAsync(HttpMethod.Get, "/v1/admin/session", null, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldKey.StatusCode);
        }

        app.UseKey(newKey);
        var session = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/session", null, cancellationToken);
        Assert.False(session.GetProperty("default_key").GetBoolean());
        Assert.Contains(newKey, await File.ReadAllTextAsync(DataDirectoryFiles.ConfigPath(app.Gateway.DataDirectory), cancellationToken), StringComparison.Ordinal);

        // The browser's session is one the new key signed: the pages keep working after a reload.
        await app.Page.ReloadAsync();
        await Expect(app.Page.GetByTestId("nav-dashboard")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("login-key")).ToHaveCountAsync(0);
    }
}
