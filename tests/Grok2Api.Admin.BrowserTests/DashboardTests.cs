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
        var tokens = await TokenSetup.AddAsync(app, 7, cancellationToken);
        await TokenSetup.AddAsync(app, 3, cancellationToken, pool: "ssoSuper");
        await TokenSetup.MakeCoolingAsync(app, tokens[..2], cancellationToken);
        await TokenSetup.MakeExpiredAsync(app, tokens[2..3], cancellationToken);
        await TokenSetup.DisableAsync(app, tokens[3..4], cancellationToken);
        var stats = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/stats", null, cancellationToken);
        var byStatus = stats.GetProperty("tokens").GetProperty("by_status");
        Assert.Equal(10, stats.GetProperty("tokens").GetProperty("total").GetInt32());

        await app.LoginAsync();

        await ExpectCardAsync(app, "total", stats.GetProperty("tokens").GetProperty("total"));
        foreach (var status in (string[])["active", "cooling", "expired", "disabled"])
        {
            await ExpectCardAsync(app, status, byStatus.GetProperty(status));
        }

        await ExpectCardAsync(app, "quota_left", stats.GetProperty("tokens").GetProperty("quota_left"));
    }

    private static async Task ExpectCardAsync(AdminApp app, string name, JsonElement value)
    {
        var expected = value.GetInt64().ToString(CultureInfo.InvariantCulture);
        await Expect(app.Page.GetByTestId($"stat-{name}")).ToHaveTextAsync(expected);
    }
}
