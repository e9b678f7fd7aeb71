using System.Globalization;
using System.Text.Json;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>
/// Long actions on the tokens page: a batch refresh with its progress bar, cancelling one midway, and the
/// panel of a task that ended with failures coming back after a reload until it is dismissed.
/// </summary>
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

    [Fact]
    public async Task A_task_that_ended_with_failures_comes_back_after_a_reload_until_dismissed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        var tokens = await TokenSetup.AddAsync(app, 6, cancellationToken);
        // Two accounts refuse the quota re-sync: the refresh ends done, 4 ok and 2 failed.
        var refused = tokens[..2];
        refused.ForEach(token => app.Simulator.Faults.SetPersistent(token, Fault.Unauthorized().OnlyFor(UpstreamPaths.RateLimits)));
        var refusedIds = refused.Select(TestTokens.IdOf).Order(StringComparer.Ordinal).ToList();
        await app.SignInAndGotoAsync("/admin/tokens");
        await RefreshAllAsync(app, 6);
        await ExpectStatusAsync(app, "done");
        await Expect(app.Page.GetByTestId("task-error")).ToHaveCountAsync(2);
        var failed = await LatestTaskAsync(app, cancellationToken);
        Assert.Equal(2, failed.GetProperty("fail").GetInt32());

        // After a reload the panel is back with the failures, their reasons and "retry failed".
        await ReloadAsync(app);
        await ExpectStatusAsync(app, "done");
        Assert.Equal((6, 6), await TaskProgress.ReadAsync(app.Page));
        var errors = app.Page.GetByTestId("task-error");
        await Expect(errors).ToHaveCountAsync(2);
        Assert.Equal(refusedIds, (await IdsAsync(errors)).Order(StringComparer.Ordinal));
        foreach (var error in await errors.AllAsync())
        {
            await Expect(error).ToContainTextAsync("401 unauthorized");
        }

        await Expect(app.Page.GetByTestId("task-retry")).ToBeVisibleAsync();
        var path = await Screenshots.SaveAsync(app.Page.GetByTestId("task-panel"), "tokens-task-reattached", app.Viewport);
        Assert.True(new FileInfo(path).Length > 0);

        // Retry the failed (the accounts answer again): a new task for exactly the two failed ids, ending clean.
        refused.ForEach(app.Simulator.Faults.ClearPersistent);
        var retry = await app.Page.RunAndWaitForRequestAsync(
            () => app.Page.GetByTestId("task-retry").ClickAsync(),
            request => request.Method == "POST" && new Uri(request.Url).AbsolutePath == "/v1/admin/tasks");
        using (var body = JsonDocument.Parse(retry.PostData!))
        {
            Assert.Equal("refresh", body.RootElement.GetProperty("kind").GetString());
            Assert.Equal(refusedIds, body.RootElement.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!).Order(StringComparer.Ordinal));
        }

        await TaskProgress.WaitAsync(app.Page, p => p == (2, 2), TimeSpan.FromSeconds(15), cancellationToken);
        await ExpectStatusAsync(app, "done");
        await Expect(app.Page.GetByTestId("task-error")).ToHaveCountAsync(0);
        var retried = await LatestTaskAsync(app, cancellationToken);
        Assert.NotEqual(failed.GetProperty("id").GetString(), retried.GetProperty("id").GetString());
        Assert.Equal((2, 2, 0), (retried.GetProperty("total").GetInt32(), retried.GetProperty("ok").GetInt32(), retried.GetProperty("fail").GetInt32()));

        // The newest task ended clean: nothing to act on, so no panel after a reload (the older failure stays gone too).
        await ReloadAsync(app);
        await ExpectNoPanelAsync(app);

        // Every account refuses: the next refresh ends failed, and comes back after a reload.
        tokens.ForEach(token => app.Simulator.Faults.SetPersistent(token, Fault.Unauthorized().OnlyFor(UpstreamPaths.RateLimits)));
        await RefreshAllAsync(app, 6);
        await ExpectStatusAsync(app, "failed");
        var allFailed = (await LatestTaskAsync(app, cancellationToken)).GetProperty("id").GetString()!;
        await ReloadAsync(app);
        await ExpectStatusAsync(app, "failed");
        await Expect(app.Page.GetByTestId("task-error")).ToHaveCountAsync(6);

        // Dismissed, it stays gone across reloads; the browser keeps only its id.
        await app.Page.GetByTestId("task-dismiss").ClickAsync();
        await Expect(app.Page.GetByTestId("task-panel")).ToHaveCountAsync(0);
        var dismissed = await app.Page.EvaluateAsync<string[]>("() => JSON.parse(sessionStorage.getItem('grok2api_dismissed_tasks'))");
        Assert.Equal(allFailed, Assert.Single(dismissed));
        await ReloadAsync(app);
        await ExpectNoPanelAsync(app);
        await ReloadAsync(app);
        await ExpectNoPanelAsync(app);
        Assert.Empty(app.PageErrors);
    }

    [Fact]
    public async Task A_task_that_ended_without_failures_does_not_come_back_after_a_reload()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await TokenSetup.AddAsync(app, 3, cancellationToken);
        await app.SignInAndGotoAsync("/admin/tokens");
        await RefreshAllAsync(app, 3);
        await ExpectStatusAsync(app, "done");
        Assert.Equal(0, (await LatestTaskAsync(app, cancellationToken)).GetProperty("fail").GetInt32());

        await ReloadAsync(app);
        await ExpectNoPanelAsync(app);
    }

    /// <summary>Selects every token and starts a batch refresh; waits for its last item.</summary>
    private static async Task RefreshAllAsync(AdminApp app, int count)
    {
        await Expect(app.Page.GetByTestId("token-row")).ToHaveCountAsync(count);
        await app.Page.GetByTestId("select-all-filtered").ClickAsync();
        await app.Page.GetByTestId("batch-refresh").ClickAsync();
        await Expect(app.Page.GetByTestId("task-progress")).ToHaveAttributeAsync("aria-valuenow", count.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reloads the page and waits for its task list (what the panel reattaches from) and its token rows.</summary>
    private static async Task ReloadAsync(AdminApp app)
    {
        await app.Page.RunAndWaitForResponseAsync(
            () => app.Page.ReloadAsync(),
            response => response.Request.Method == "GET" && new Uri(response.Url).AbsolutePath == "/v1/admin/tasks");
        await Expect(app.Page.GetByTestId("token-row").First).ToBeVisibleAsync();
    }

    /// <summary>No task panel, a moment after the task list was read (a panel shows at once when there is one).</summary>
    private static async Task ExpectNoPanelAsync(AdminApp app)
    {
        await app.Page.WaitForTimeoutAsync(500);
        await Expect(app.Page.GetByTestId("task-panel")).ToHaveCountAsync(0);
    }

    private static async Task<List<string>> IdsAsync(ILocator items)
    {
        List<string> ids = [];
        foreach (var item in await items.AllAsync())
        {
            ids.Add((await item.GetAttributeAsync("data-id"))!);
        }

        return ids;
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
