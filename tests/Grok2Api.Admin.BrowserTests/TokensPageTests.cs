using Grok2Api.Admin.BrowserTests.Infrastructure;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>The tokens page: importing many accounts and filtering them by status.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TokensPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Pasting_30_tokens_imports_them_into_the_chosen_pool()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        List<string> tokens = [.. Enumerable.Range(0, 30).Select(i => TestTokens.New($"imp{i}"))];
        await app.SignInAndGotoAsync("/admin/tokens");
        await Expect(app.Page.GetByTestId("import-open")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("token-row")).ToHaveCountAsync(0);

        await app.Page.GetByTestId("import-open").ClickAsync();
        await app.Page.GetByTestId("import-text").FillAsync(string.Join('\n', tokens));
        await app.Page.GetByTestId("import-pool").SelectOptionAsync("ssoSuper");
        await app.Page.GetByTestId("import-submit").ClickAsync();

        await Expect(app.Page.GetByTestId("tokens-table")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("stat-total")).ToHaveTextAsync("30");
        await Expect(app.Page.GetByTestId("stat-active")).ToHaveTextAsync("30");
        var rows = app.Page.GetByTestId("token-row");
        var listed = await app.Admin.ListAsync("?page_size=500", cancellationToken);
        // The first page holds as many as the page size allows; at 50 a page, all 30 are on it.
        var pageSize = app.Page.GetByTestId("page-size");
        var size = int.Parse(await pageSize.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await Expect(rows).ToHaveCountAsync(Math.Min(30, size));
        await pageSize.SelectOptionAsync("50");
        await Expect(rows).ToHaveCountAsync(30);
        Assert.Equal(30, listed.GetProperty("total").GetInt32());
        var items = listed.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal("ssoSuper", i.GetProperty("pool").GetString()));
        Assert.Equal(tokens.Select(TestTokens.IdOf).Order(), items.Select(i => i.GetProperty("id").GetString()!).Order());

        // Each row is one of the imported accounts, shown masked: no whole token is on the page.
        foreach (var id in await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-id'))"))
        {
            Assert.Contains(id, tokens.Select(TestTokens.IdOf));
        }

        var text = await app.Page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(tokens, t => text.Contains(t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entries_that_are_not_tokens_are_named_by_their_line_and_the_rest_is_imported()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        List<string> tokens = [.. Enumerable.Range(0, 4).Select(i => TestTokens.New($"mix{i}"))];
        // Line 2 is blank, line 3 holds two tokens split by a full-width comma, line 4 is not a token
        // (a character no cookie can carry), line 5 repeats line 1.
        var pasted = string.Join('\n', tokens[0], "", $"{tokens[1]}\uFF0C{tokens[2]}", "not-a-t\u00f6ken-value", tokens[0], $"sso={tokens[3]}");
        await app.SignInAndGotoAsync("/admin/tokens");

        await app.Page.GetByTestId("import-open").ClickAsync();
        await app.Page.GetByTestId("import-text").FillAsync(pasted);

        // Closed by Escape and opened again: the paste is still there.
        await app.Page.Keyboard.PressAsync("Escape");
        await Expect(app.Page.GetByTestId("import-text")).ToHaveCountAsync(0);
        await app.Page.GetByTestId("import-open").ClickAsync();
        await Expect(app.Page.GetByTestId("import-text")).ToHaveValueAsync(pasted);

        await Expect(app.Page.GetByTestId("import-found")).ToContainTextAsync("4 tokens");
        var invalid = app.Page.GetByTestId("import-invalid");
        await Expect(invalid).ToContainTextAsync("Not valid tokens, so not imported (1)");
        await Expect(invalid).ToContainTextAsync("line 4 (not-a-t\u00f6ken-…)");
        await app.Page.GetByTestId("import-submit").ClickAsync();

        await Expect(app.Page.GetByTestId("stat-total")).ToHaveTextAsync("4");
        // Imported: the next import starts empty.
        await app.Page.GetByTestId("import-open").ClickAsync();
        await Expect(app.Page.GetByTestId("import-text")).ToHaveValueAsync("");
        var listed = await app.Admin.ListAsync("?page_size=50", cancellationToken);
        Assert.Equal(tokens.Select(TestTokens.IdOf).Order(), listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).Order());
    }

    [Fact]
    public async Task Export_all_downloads_every_token_whatever_the_filter_and_selection()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        var basic = await TokenSetup.AddAsync(app, 3, cancellationToken);
        var super = await TokenSetup.AddAsync(app, 2, cancellationToken, pool: "ssoSuper");
        await app.SignInAndGotoAsync("/admin/tokens?status=expired");
        await Expect(app.Page.GetByTestId("token-row")).ToHaveCountAsync(0);

        var download = await app.Page.RunAndWaitForDownloadAsync(() => app.Page.GetByTestId("export-all").ClickAsync());

        Assert.Matches(@"^tokens_export_\d{4}-\d{2}-\d{2}\.txt$", download.SuggestedFilename);
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path, cancellationToken)).Where(line => line.Length > 0);
        Assert.Equal(basic.Concat(super).Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_status_tab_shows_only_the_tokens_in_that_status()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        var tokens = await TokenSetup.AddAsync(app, 9, cancellationToken);
        await TokenSetup.MakeCoolingAsync(app, tokens[..3], cancellationToken);
        await TokenSetup.MakeExpiredAsync(app, tokens[3..5], cancellationToken);
        await TokenSetup.DisableAsync(app, tokens[5..6], cancellationToken);
        await app.SignInAndGotoAsync("/admin/tokens");
        var rows = app.Page.GetByTestId("token-row");
        await Expect(rows).ToHaveCountAsync(9);

        await app.Page.GetByTestId("filter-status-cooling").ClickAsync();
        await ExpectRowsAsync(rows, tokens[..3]);

        await app.Page.GetByTestId("filter-status-expired").ClickAsync();
        await ExpectRowsAsync(rows, tokens[3..5]);

        await app.Page.GetByTestId("filter-status-disabled").ClickAsync();
        await ExpectRowsAsync(rows, tokens[5..6]);

        await app.Page.GetByTestId("filter-status-active").ClickAsync();
        await ExpectRowsAsync(rows, tokens[6..]);

        await app.Page.GetByTestId("filter-status-all").ClickAsync();
        await ExpectRowsAsync(rows, tokens);
    }

    /// <summary>The table shows exactly these tokens (by their public ids), in any order.</summary>
    private static async Task ExpectRowsAsync(ILocator rows, IEnumerable<string> tokens)
    {
        var expected = tokens.Select(TestTokens.IdOf).Order().ToList();
        await Expect(rows).ToHaveCountAsync(expected.Count);
        var shown = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-id'))");
        Assert.Equal(expected, shown.Order());
    }
}
