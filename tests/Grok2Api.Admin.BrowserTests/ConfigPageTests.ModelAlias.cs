using System.Text.Json.Nodes;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

// The config page's map section, [model_alias]: its entries are rows of name and value; an alias
// added on the page is saved and served by GET /v1/models, a removed one is gone; a name the
// service refuses is reported at its row; every section link of the page leads to a shown section.
public sealed partial class ConfigPageTests
{
    private const string SavedAliases = "[model_alias]\n\"gpt-4o\" = \"grok-4\"\n";

    [Fact]
    public async Task An_alias_added_on_the_page_is_served_by_the_models_list_and_a_removed_one_is_gone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken, extraToml: SavedAliases);
        await app.SignInAndGotoAsync("/admin/config");
        var section = app.Page.GetByTestId("config-section-model_alias");
        var rows = app.Page.GetByTestId("config-map-row-model_alias");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.GetByTestId("config-map-name")).ToHaveValueAsync("gpt-4o");
        await Expect(rows.GetByTestId("config-map-value")).ToHaveValueAsync("grok-4");

        // The section's link in the page navigation brings it into view.
        await app.Page.Locator(".cfg-nav a[href='#config-section-model_alias']").ClickAsync();
        await Expect(section).ToBeInViewportAsync();

        await app.Page.GetByTestId("config-map-add-model_alias").ClickAsync();
        var added = rows.Last;
        await Expect(added.GetByTestId("config-map-name")).ToBeFocusedAsync();
        await added.GetByTestId("config-map-name").FillAsync("claude-sonnet-4-5");
        await added.GetByTestId("config-map-value").FillAsync("grok-4.1-mini");
        await Expect(app.Page.GetByTestId("config-unsaved")).ToHaveAttributeAsync("data-count", "1");
        await app.Page.GetByTestId("config-save").ClickAsync();

        await Expect(app.Page.GetByTestId("toast").Last).ToContainTextAsync("model_alias.claude-sonnet-4-5");
        var models = await ModelsAsync(app, cancellationToken);
        Assert.Equal("grok-4.1-mini", models.GetValueOrDefault("claude-sonnet-4-5"));
        Assert.Equal("grok-4", models.GetValueOrDefault("gpt-4o"));
        await Expect(app.Page.GetByTestId("config-unsaved")).ToHaveAttributeAsync("data-count", "0");

        foreach (var viewport in (Viewport[])[Viewport.Desktop, Viewport.Phone])
        {
            // A fresh page (no toast over the section) shows what was saved.
            await app.OpenContextAsync(chromium, viewport);
            await app.SignInAndGotoAsync("/admin/config");

            await Expect(app.Page.GetByTestId("config-map-row-model_alias")).ToHaveCountAsync(2);
            var file = await Screenshots.SaveAsync(app.Page.GetByTestId("config-section-model_alias"), "config-model-alias", viewport);
            Assert.True(new FileInfo(file).Length > 1000, $"{file} is (nearly) empty.");
            // The rules for names and values come from the schema.
            await Expect(app.Page.GetByTestId("config-map-model_alias")).ToContainTextAsync("printable ASCII characters, no spaces");
            var overflow = await app.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"The config page at {viewport.Name} width scrolls sideways by {overflow} px.");
        }

        // Removed on the page (at phone width): the saved config and the models list no longer have it.
        var row = app.Page.Locator("[data-testid='config-map-row-model_alias'][data-name='claude-sonnet-4-5']");
        await row.GetByTestId("config-map-remove").ClickAsync();
        await Expect(app.Page.GetByTestId("config-map-row-model_alias")).ToHaveCountAsync(1);
        await Expect(app.Page.GetByTestId("config-unsaved")).ToHaveAttributeAsync("data-count", "1");
        await app.Page.GetByTestId("config-save").ClickAsync();

        await Expect(app.Page.GetByTestId("toast").Last).ToContainTextAsync("model_alias.claude-sonnet-4-5");
        await Expect(app.Page.GetByTestId("config-unsaved")).ToHaveAttributeAsync("data-count", "0");
        models = await ModelsAsync(app, cancellationToken);
        Assert.False(models.ContainsKey("claude-sonnet-4-5"));
        Assert.Equal("grok-4", models.GetValueOrDefault("gpt-4o"));
        var config = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, cancellationToken);
        Assert.Equal(["gpt-4o"], config.GetProperty("model_alias").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_name_the_service_refuses_is_shown_at_its_row_and_nothing_changes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken, extraToml: SavedAliases);
        await app.SignInAndGotoAsync("/admin/config");
        var rows = app.Page.GetByTestId("config-map-row-model_alias");

        // Spaces are caught on the page, before anything is sent.
        await app.Page.GetByTestId("config-map-add-model_alias").ClickAsync();
        await rows.Last.GetByTestId("config-map-name").FillAsync("my model");
        await rows.Last.GetByTestId("config-map-value").FillAsync("grok-4");
        await app.Page.GetByTestId("config-save").ClickAsync();
        await Expect(app.Page.GetByTestId("config-error-model_alias.my model")).ToBeVisibleAsync();

        // Characters outside printable ASCII are the service's rule: its reason shows at the row.
        await rows.Last.GetByTestId("config-map-name").FillAsync("模型");
        await app.Page.GetByTestId("config-save").ClickAsync();
        var error = app.Page.GetByTestId("config-error-model_alias.模型");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("ASCII");
        await Expect(rows.Last.GetByTestId("config-map-name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Screenshots.SaveAsync(app.Page.GetByTestId("config-section-model_alias"), "config-model-alias-refused", app.Viewport);

        var config = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, cancellationToken);
        Assert.Equal(["gpt-4o"], config.GetProperty("model_alias").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Every_section_link_leads_to_a_shown_section_responses_included()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(chromium, cancellationToken);
        await app.SignInAndGotoAsync("/admin/config");
        await Expect(app.Page.GetByTestId("config-save")).ToBeVisibleAsync();

        var links = await app.Page.Locator(".cfg-nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Contains("#config-section-model_alias", links);
        Assert.Contains("#config-section-responses", links);
        foreach (var href in links)
        {
            await Expect(app.Page.Locator(href)).ToBeVisibleAsync();
        }

        // [responses] is an ordinary section: its key is an input holding the effective value.
        var config = await app.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, cancellationToken);
        var days = config.GetProperty("responses").GetProperty("retention_days").GetInt32();
        await Expect(app.Page.GetByTestId("config-input-responses.retention_days")).ToHaveValueAsync(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(app.Page.GetByTestId("config-map-model_alias")).ToContainTextAsync("No entries yet.");
    }

    /// <summary>The aliases of <c>GET /v1/models</c>: alias name → the model id it stands for.</summary>
    private static async Task<Dictionary<string, string>> ModelsAsync(AdminApp app, CancellationToken cancellationToken)
    {
        using var response = await app.Gateway.Client.GetAsync(new Uri("/v1/models", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["data"]!.AsArray();
        return list
            .Where(model => model!["alias_of"] is not null)
            .ToDictionary(model => (string)model!["id"]!, model => (string)model!["alias_of"]!, StringComparer.Ordinal);
    }
}
