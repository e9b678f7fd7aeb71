using System.Text.Json;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>Long actions on the tokens page: a batch refresh with its progress bar, and cancelling one midway.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BatchTaskTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_batch_refresh_fills_the_progress_bar_and_ends_done()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        var tokens = await TokenSetup.AddAsync(app, 12, cancellationToken);
        foreach (var (token, i) in tokens.Select((t, i) => (t, i)))
        {
            app.Simulator.Accounts.Set(token, remaining: 10 + i);
        }

        await app.SignInAndGotoAsync("/admin/tokens");
        await Expect(app.Page.GetByTestId("token-row")).ToHaveCountAsync(12);

        await app.Page.GetByTestId("select-all-filtered").ClickAsync();
        await app.Page.GetByTestId("batch-refresh").ClickAsync();

        await ExpectStatusAsync(app, "done");
        Assert.Equal((12, 12), await TaskProgress.ReadAsync(app.Page));
        var task = await LatestTaskAsync(app, cancellationToken);
        Assert.Equal("refresh", task.GetProperty("kind").GetString());
        Assert.Equal("done", task.GetProperty("status").GetString());
        Assert.Equal(12, task.GetProperty("processed").GetInt32());
        Assert.Equal(12, task.GetProperty("ok").GetInt32());

        // The refresh really asked the upstream: each quota is what the simulator reported.
        foreach (var (token, i) in tokens.Select((t, i) => (t, i)))
        {
            Assert.Equal(10 + i, (await app.Admin.ItemAsync(TestTokens.IdOf(token), cancellationToken)).GetProperty("quota").GetInt32());
        }
    }

    [Fact]
    public async Task A_task_whose_event_stream_is_refused_still_shows_how_it_ended()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await TokenSetup.AddAsync(app, 3, cancellationToken);
        // Every event stream is refused, as after the session ended or behind a proxy that drops it.
        await app.Page.RouteAsync("**/v1/admin/tasks/*/events", route => route.FulfillAsync(new() { Status = 503, Body = "unavailable" }));

        await app.SignInAndGotoAsync("/admin/tokens");
        await Expect(app.Page.GetByTestId("token-row")).ToHaveCountAsync(3);
        await app.Page.GetByTestId("select-all-filtered").ClickAsync();
        await app.Page.GetByTestId("batch-refresh").ClickAsync();

        await ExpectStatusAsync(app, "done");
        Assert.Equal((3, 3), await TaskProgress.ReadAsync(app.Page));
    }

    [Fact]
    public async Task Cancel_stops_a_batch_refresh_midway()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // One account at a time, each rate-limits call held for a while: the task takes far longer than the test.
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken, extraToml: "[usage]\nconcurrent = 1\nbatch_size = 1\n");
        await TokenSetup.AddAsync(app, 20, cancellationToken);
        app.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(700)).OnlyFor(UpstreamPaths.RateLimits));
        await app.SignInAndGotoAsync("/admin/tokens");
        await Expect(app.Page.GetByTestId("token-row")).ToHaveCountAsync(20);

        await app.Page.GetByTestId("select-all-filtered").ClickAsync();
        await app.Page.GetByTestId("batch-refresh").ClickAsync();
        await ExpectStatusAsync(app, "running");
        var started = await TaskProgress.WaitAsync(app.Page, p => p.Value >= 1, TimeSpan.FromSeconds(15), cancellationToken);
        Assert.True(started.Value >= 1, $"The bar never moved: {started}.");
        await app.Page.GetByTestId("task-cancel").ClickAsync();

        await ExpectStatusAsync(app, "cancelled");
        var (value, max) = await TaskProgress.ReadAsync(app.Page);
        Assert.Equal(20, max);
        Assert.InRange(value, 1, 19);
        var task = await LatestTaskAsync(app, cancellationToken);
        Assert.Equal("cancelled", task.GetProperty("status").GetString());
        Assert.Equal(value, task.GetProperty("processed").GetInt32());
        Assert.True(task.GetProperty("processed").GetInt32() < task.GetProperty("total").GetInt32());
    }

    /// <summary>The status badge says <paramref name="status"/> (in the page's English) and carries it as data-status.</summary>
    private static async Task ExpectStatusAsync(AdminApp app, string status)
    {
        var badge = app.Page.GetByTestId("task-status");
        await Expect(badge).ToHaveAttributeAsync("data-status", status);
        Assert.Equal(status, (await badge.InnerTextAsync()).Trim(), ignoreCase: true);
    }

    private static async Task<JsonElement> LatestTaskAsync(AdminApp app, CancellationToken cancellationToken)
    {
        var list = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/tasks", null, cancellationToken);
        var id = list.GetProperty("items")[0].GetProperty("id").GetString();
        return await app.Admin.JsonAsync(HttpMethod.Get, $"/v1/admin/tasks/{id}", null, cancellationToken);
    }
}
