using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using System.Text.RegularExpressions;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Microsoft.Playwright;
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

        // The header says where tokens and config are kept, as the original's did.
        await Expect(app.Page.GetByTestId("storage-badge")).ToHaveTextAsync("LOCAL");
        await ExpectCardAsync(app, "total", stats.GetProperty("tokens").GetProperty("total"));
        foreach (var status in (string[])["active", "cooling", "expired", "disabled"])
        {
            await ExpectCardAsync(app, status, byStatus.GetProperty(status));
        }

        await ExpectCardAsync(app, "quota_left", stats.GetProperty("tokens").GetProperty("quota_left"));
    }

    [Fact]
    public async Task A_call_the_service_never_answers_is_reported_after_60_s_and_can_be_retried()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await TokenSetup.AddAsync(app, 2, cancellationToken);
        // The page's clock is Playwright's, so 60 s pass at once; the statistics call hangs (never answered).
        await app.Page.Clock.InstallAsync();
        await app.Page.RouteAsync("**/v1/admin/stats", _ => Task.CompletedTask);

        await app.SignInAndGotoAsync("/admin/");
        var refresh = app.Page.GetByTestId("dash-refresh");
        await Expect(refresh).ToBeDisabledAsync();
        await app.Page.Clock.RunForAsync(59_000);
        await Expect(app.Page.GetByTestId("dash-error")).ToHaveCountAsync(0);
        await app.Page.Clock.RunForAsync(2_000);

        await Expect(app.Page.GetByTestId("dash-error")).ToContainTextAsync("did not answer within 60 s");
        await app.Page.UnrouteAsync("**/v1/admin/stats");
        await refresh.ClickAsync();
        await Expect(app.Page.GetByTestId("stat-total")).ToHaveTextAsync("2");
        await Expect(app.Page.GetByTestId("dash-error")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_pool_and_model_tables_show_each_count_under_its_column_at_desktop_and_phone_width()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        var basic = await TokenSetup.AddAsync(app, 2, cancellationToken);
        var super = await TokenSetup.AddAsync(app, 1, cancellationToken, pool: "ssoSuper");
        await TokenSetup.DisableAsync(app, basic[..1], cancellationToken);
        List<string> enabled = [basic[1], .. super];

        // grok-3: one call answered, one failed (every enabled account refuses it); grok-4: one answered.
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(app, "grok-3", cancellationToken));
        enabled.ForEach(token => app.Simulator.Faults.SetPersistent(token, Fault.Unauthorized().OnlyFor(UpstreamPaths.ConversationsNew)));
        Assert.Equal(HttpStatusCode.BadGateway, await ChatAsync(app, "grok-3", cancellationToken));
        enabled.ForEach(app.Simulator.Faults.ClearPersistent);
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(app, "grok-4", cancellationToken));
        var stats = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/stats", null, cancellationToken);
        var pools = stats.GetProperty("tokens").GetProperty("by_pool").EnumerateArray().ToList();
        var models = stats.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["ssoBasic", "ssoSuper"], pools.Select(p => p.GetProperty("pool").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["grok-3", "grok-4"], models.Select(m => m.GetProperty("model").GetString()).Order(StringComparer.Ordinal));

        foreach (var viewport in (Viewport[])[Viewport.Desktop, Viewport.Phone])
        {
            await app.OpenContextAsync(chromium, viewport);
            await app.SignInAndGotoAsync("/admin/");
            foreach (var pool in pools)
            {
                var row = app.Page.Locator($"[data-testid=dash-pool-row][data-pool='{pool.GetProperty("pool").GetString()}']");
                await ExpectCellsAsync(
                    row,
                    [("Total", pool, "total"), ("Active", pool, "active"), ("Cooling", pool, "cooling"), ("Expired", pool, "expired"), ("Disabled", pool, "disabled"), ("Quota left", pool, "quota")],
                    viewport);
            }

            foreach (var model in models)
            {
                var row = app.Page.Locator($"[data-testid=dash-model-row][data-model='{model.GetProperty("model").GetString()}']");
                await ExpectCellsAsync(
                    row,
                    [("Calls, 1 h", model, "hour_calls"), ("Failures, 1 h", model, "hour_failures"), ("Calls, 24 h", model, "day_calls"), ("Failures, 24 h", model, "day_failures")],
                    viewport);
            }

            // A failure count above zero is shown as one.
            var grok3 = app.Page.Locator("[data-testid=dash-model-row][data-model='grok-3'] td");
            await Expect(grok3.Nth(1)).ToHaveTextAsync("1");
            await Expect(grok3.Nth(1)).ToHaveClassAsync(new Regex(@"\berror\b"));
            await Expect(grok3.Nth(0)).Not.ToHaveClassAsync(new Regex(@"\berror\b"));
        }
    }

    /// <summary>
    /// The row's number cells hold the API's numbers, in order; at desktop width each column's header names
    /// it, and at phone width (one card per row) each cell shows that name above its number.
    /// </summary>
    private static async Task ExpectCellsAsync(ILocator row, (string Label, JsonElement Item, string Field)[] cells, Viewport viewport)
    {
        var tds = row.Locator("td");
        await Expect(tds).ToHaveCountAsync(cells.Length);
        var headers = await row.Locator("xpath=ancestor::table//thead//th").AllInnerTextsAsync();
        for (var i = 0; i < cells.Length; i++)
        {
            var (label, item, field) = cells[i];
            await Expect(tds.Nth(i)).ToHaveTextAsync(item.GetProperty(field).GetInt64().ToString("#,0", CultureInfo.InvariantCulture));
            var shown = await tds.Nth(i).EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
            if (viewport == Viewport.Phone)
            {
                Assert.Equal($"\"{label}\"", shown);
            }
            else
            {
                Assert.Equal(label, headers[i + 1].Trim());
                Assert.Equal("none", shown);
            }
        }
    }

    private static async Task<HttpStatusCode> ChatAsync(AdminApp app, string model, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model": "{{model}}", "messages": [{"role": "user", "content": "count me"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await app.Gateway.Client.SendAsync(request, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response.StatusCode;
    }

    private static async Task ExpectCardAsync(AdminApp app, string name, JsonElement value)
    {
        // As an English page writes numbers: 1,200.
        var expected = value.GetInt64().ToString("#,0", CultureInfo.InvariantCulture);
        await Expect(app.Page.GetByTestId($"stat-{name}")).ToHaveTextAsync(expected);
    }
}
