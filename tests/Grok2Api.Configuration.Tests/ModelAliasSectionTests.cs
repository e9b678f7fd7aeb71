using System.Text.Json.Nodes;
using Grok2Api.Configuration;
using Grok2Api.Storage.Local;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Grok2Api.Configuration.Tests;

/// <summary>
/// <c>[model_alias]</c>, the map section (free names → model ids), and <c>[responses]</c>: defaults,
/// binding, validation messages, TOML round trips of odd names, admin patches and live edits.
/// </summary>
public sealed class ModelAliasSectionTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();
    private readonly FakeLogger _logger = new();

    private string ConfigPath => _directory.File("config.toml");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Defaults_NoAliases_AndResponsesKeptThirtyDays()
    {
        var config = new GrokConfig();

        Assert.Empty(config.ModelAlias);
        Assert.Equal(30, config.Responses.RetentionDays);
        var tree = ConfigDefaults.Tree();
        Assert.Empty(tree["model_alias"]!.AsObject());
        Assert.Equal(30L, ConfigTree.ReadScalar(tree["responses"]!["retention_days"]!.AsValue()));
        var text = TomlConfigWriter.Write(tree, ConfigDefaults.FileOptions);
        Assert.Contains("\n[model_alias]\n", text, StringComparison.Ordinal);
        Assert.Contains("# Model aliases: a model name clients send = a model id of GET /v1/models, e.g. \"claude-sonnet-4-5\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_OddNames_AreKeptExactly()
    {
        var tree = TomlConfigReader.Parse(
            """
            [model_alias]
            "claude-sonnet-4-5" = "grok-4.1-fast"
            "claude-3.5:latest" = "grok-4"
            "gpt-5-codex" = " grok-4.1-expert "
            "a=b#c[d]" = "grok-3"
            """,
            "config.toml");

        var bound = ConfigBinder.Bind(tree);

        Assert.Empty(bound.Errors);
        Assert.Empty(bound.Warnings);
        var aliases = bound.Config!.ModelAlias;
        Assert.Equal(4, aliases.Count);
        Assert.Equal("grok-4.1-fast", aliases["claude-sonnet-4-5"]);
        Assert.Equal("grok-4", aliases["claude-3.5:latest"]);
        Assert.Equal("grok-4.1-expert", aliases["gpt-5-codex"]);
        Assert.Equal("grok-3", aliases["a=b#c[d]"]);
    }

    public static TheoryData<string, string> InvalidAliases => new()
    {
        { "[model_alias]\n\"has space\" = \"grok-4\"", "model_alias.has space: a name must be printable ASCII without spaces, got \"has space\"" },
        { "[model_alias]\n\"\" = \"grok-4\"", "model_alias.: a name must be 1 to 128 characters long, got \"\"" },
        { "[model_alias]\n\"modèle\" = \"grok-4\"", "model_alias.modèle: a name must be printable ASCII without spaces, got \"mod\\u00E8le\"" },
        { $"[model_alias]\n\"{new string('m', 129)}\" = \"grok-4\"", $"model_alias.{new string('m', 129)}: a name must be 1 to 128 characters long, got \"{new string('m', 129)}\"" },
        { "[model_alias]\nclaude = 4", "model_alias.claude: expected a model id (a non-empty string), got 4" },
        { "[model_alias]\nclaude = \"  \"", "model_alias.claude: expected a model id (a non-empty string), got \"  \"" },
        { "[model_alias]\nclaude = [\"grok-4\"]", "model_alias.claude: expected a model id (a non-empty string), got [\"grok-4\"]" },
        { "[model_alias]\nclaude.sonnet = \"grok-4\"", "model_alias.claude: expected a model id (a string), got a table (quote a name that has dots: \"claude.…\" = \"…\")" },
        { "model_alias = \"grok-4\"", "model_alias: expected a table of keys, got \"grok-4\"" },
        { "[responses]\nretention_days = 0", "responses.retention_days: must be between 1 and 3650, got 0" },
        { "[responses]\nretention_days = 3651", "responses.retention_days: must be between 1 and 3650, got 3651" },
    };

    [Theory]
    [MemberData(nameof(InvalidAliases))]
    public void Bind_BadEntry_IsReportedByName(string toml, string expected)
    {
        var bound = ConfigBinder.Bind(TomlConfigReader.Parse(toml, "config.toml"));

        Assert.Null(bound.Config);
        Assert.Contains(expected, bound.Errors);
    }

    [Fact]
    public void Write_ThenRead_RoundTripsOddNames()
    {
        var tree = ConfigDefaults.Tree();
        tree["model_alias"] = new JsonObject
        {
            ["claude-3.5:latest"] = "grok-4",
            ["gpt-5-codex"] = "grok-4.1-expert",
            ["with\"quote\\and.dot"] = "grok-3",
            ["o3"] = "grok-4.1-fast",
        };

        var text = ConfigTomlFile.Write(tree);
        var read = ConfigTomlFile.Parse(text, "config.toml");

        Assert.True(ConfigTree.StrictEquals(tree, read));
        Assert.Contains("\"claude-3.5:latest\" = \"grok-4\"", text, StringComparison.Ordinal);
        Assert.Contains("\no3 = \"grok-4.1-fast\"", text, StringComparison.Ordinal);
        Assert.Empty(ConfigBinder.Bind(read).Errors);
    }

    [Fact]
    public void Update_AddsChangesAndRemovesAliases_KeepingTheOperatorsComments()
    {
        const string Original = """
            # my gateway
            [chat]
            concurrent = 3 # three

            [model_alias]
            # for Claude Code
            "claude-sonnet-4-5" = "grok-4.1-fast"
            "claude-3.5:latest" = "grok-4"
            """;
        var tree = ConfigTomlFile.Parse(Original, "config.toml");
        var aliases = tree["model_alias"]!.AsObject();
        aliases.Remove("claude-3.5:latest");
        aliases["claude-sonnet-4-5"] = "grok-4.1-expert";
        aliases["gpt-5.1:codex"] = "grok-4";

        var updated = ConfigTomlFile.Update(Original, tree, "config.toml");

        Assert.True(ConfigTree.StrictEquals(tree, ConfigTomlFile.Parse(updated, "config.toml")));
        Assert.Contains("# my gateway", updated, StringComparison.Ordinal);
        Assert.Contains("concurrent = 3 # three", updated, StringComparison.Ordinal);
        Assert.Contains("# for Claude Code\n\"claude-sonnet-4-5\" = \"grok-4.1-expert\"", updated.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("claude-3.5:latest", updated, StringComparison.Ordinal);
        Assert.Contains("\"gpt-5.1:codex\" = \"grok-4\"", updated, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveTree_AliasNamesThatLookLikeSecrets_AreShownInClear()
    {
        var tree = ConfigDefaults.Tree();
        tree["model_alias"] = new JsonObject { ["my_api_key"] = "grok-4.1-fast", ["token-model"] = "grok-4" };

        var masked = ConfigSecrets.MaskTree(tree);

        Assert.Equal("grok-4.1-fast", masked["model_alias"]!["my_api_key"]!.GetValue<string>());
        Assert.Equal("grok-4", masked["model_alias"]!["token-model"]!.GetValue<string>());
        Assert.NotEqual("grok2api", masked["app"]!["app_key"]!.GetValue<string>());
    }

    [Fact]
    public void Catalog_DescribesTheMapSection()
    {
        var section = Assert.Single(ConfigCatalog.Sections, s => s.Section == "model_alias");

        Assert.Empty(section.Keys);
        Assert.NotNull(section.Map);
        Assert.Equal("string", section.Map.Item);
        Assert.Contains("printable ASCII", section.Map.KeyRule, StringComparison.Ordinal);
        Assert.Contains("GET /v1/models", section.Map.ValueRule, StringComparison.Ordinal);
        var responses = Assert.Single(ConfigCatalog.Sections, s => s.Section == "responses");
        var retention = Assert.Single(responses.Keys);
        Assert.Equal(("retention_days", "int", 1.0, 3650.0), (retention.Key, retention.Kind, retention.Min, retention.Max));
        Assert.Null(responses.Map);
    }

    [Fact]
    public async Task Patch_AddsChangesAndRemovesEntries_AndSectionListenersFireOnlyOnAliasChanges()
    {
        using var live = await LoadAsync();
        var services = new ServiceCollection()
            .AddSingleton<IOptionsMonitor<GrokConfig>>(live)
            .AddGrokConfigSections()
            .BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<ModelAliasSection>>();
        var seen = new List<ModelAliasSection>();
        using var subscription = monitor.OnChange((section, _) => seen.Add(section));

        var added = await live.PatchAsync(Patch("""{"model_alias":{"claude-3.5:latest":"grok-4","gpt-5-codex":"grok-4.1-expert"}}"""), Ct);
        var unrelated = await live.PatchAsync(Patch("""{"chat":{"concurrent":5}}"""), Ct);
        var edited = await live.PatchAsync(Patch("""{"model_alias":{"claude-3.5:latest":null,"gpt-5-codex":"grok-4"}}"""), Ct);

        Assert.True(added.Succeeded && unrelated.Succeeded && edited.Succeeded, string.Join("; ", [.. added.Errors, .. edited.Errors]));
        Assert.Equal(2, seen.Count);
        Assert.Equal(new Dictionary<string, string> { ["gpt-5-codex"] = "grok-4" }, monitor.CurrentValue);
        var saved = await File.ReadAllTextAsync(ConfigPath, Ct);
        Assert.Contains("\ngpt-5-codex = \"grok-4\"", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("claude-3.5:latest", saved, StringComparison.Ordinal);
        Assert.Equal("grok-4", live.GetEffectiveTree(maskSecrets: true)["model_alias"]!["gpt-5-codex"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_BadAlias_IsRefusedAndNothingChanges()
    {
        using var live = await LoadAsync();
        var before = await File.ReadAllBytesAsync(ConfigPath, Ct);

        var result = await live.PatchAsync(Patch("""{"model_alias":{"bad name":"grok-4","ok":7}}"""), Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("model_alias.bad name: a name must be printable ASCII without spaces, got \"bad name\"", result.Errors);
        Assert.Contains("model_alias.ok: expected a model id (a non-empty string), got 7", result.Errors);
        Assert.Empty(live.CurrentValue.ModelAlias);
        Assert.Equal(before, await File.ReadAllBytesAsync(ConfigPath, Ct));
    }

    [Fact]
    public async Task ExternalEdit_OfTheAliases_IsAppliedLive()
    {
        using var live = await LoadAsync();
        var changed = new TaskCompletionSource<GrokConfig>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = live.OnChange((config, _) => changed.TrySetResult(config));
        live.StartWatching();

        var text = await File.ReadAllTextAsync(ConfigPath, Ct);
        await File.WriteAllTextAsync(ConfigPath, text + "\"claude-opus-4:1m\" = \"grok-4-heavy\"\n", Ct);

        var applied = await changed.Task.WaitAsync(Bound, Ct);
        Assert.Equal("grok-4-heavy", applied.ModelAlias["claude-opus-4:1m"]);
        Assert.Equal("grok-4-heavy", live.CurrentValue.ModelAlias["claude-opus-4:1m"]);
    }

    public void Dispose() => _directory.Dispose();

    private static JsonObject Patch(string json) => JsonNode.Parse(json)!.AsObject();

    private async Task<LiveConfig> LoadAsync()
    {
        var store = new LocalConfigStore(_directory.Path, _logger, TimeProvider.System, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        return await LiveConfig.LoadAsync(store, _logger, Ct);
    }
}
