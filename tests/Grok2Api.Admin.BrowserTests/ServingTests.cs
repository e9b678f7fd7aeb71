using Grok2Api.Admin.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>The service serves the admin app itself at /admin.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ServingTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Admin_answers_with_the_app_page_and_its_root_element()
    {
        await using var app = await AdminApp.StartAsync(chromium, TestContext.Current.CancellationToken);

        var response = await app.GotoAsync("/admin/");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        await Assertions.Expect(app.Page.Locator("#app")).ToBeAttachedAsync();
    }
}
