using System.Globalization;
using System.Text.Json;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>The dashboard's numbers are the service's own statistics.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task The_stat_cards_show_the_numbers_of_the_stats_API()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await TokenSetup.AddMixedPoolAsync(app, cancellationToken);
        var stats = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/stats", null, cancellationToken);
        var byStatus = stats.GetProperty("tokens").GetProperty("by_status");
        Assert.Equal(18, stats.GetProperty("tokens").GetProperty("total").GetInt32());

        await app.SignInAndGotoAsync("/admin/");

        await ExpectCardAsync(app, "total", stats.GetProperty("tokens").GetProperty("total"));
        foreach (var status in (string[])["active", "cooling", "expired", "disabled"])
        {
            await ExpectCardAsync(app, status, byStatus.GetProperty(status));
        }

        await ExpectCardAsync(app, "quota_left", stats.GetProperty("tokens").GetProperty("quota_left"));
    }

    private static async Task ExpectCardAsync(AdminApp app, string name, JsonElement value)
    {
        // As an English page writes numbers: 1,200.
        var expected = value.GetInt64().ToString("#,0", CultureInfo.InvariantCulture);
        await Expect(app.Page.GetByTestId($"stat-{name}")).ToHaveTextAsync(expected);
    }
}
