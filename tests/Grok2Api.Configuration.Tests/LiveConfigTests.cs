using System.Text.Json.Nodes;
using Grok2Api.Configuration;
using Grok2Api.Storage.Local;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Grok2Api.Configuration.Tests;

public sealed class LiveConfigTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();
    private readonly FakeLogger _logger = new();

    private string ConfigPath => _directory.File("config.toml");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoadAsync_NoFile_CreatesItWithEveryDefault()
    {
        using var live = await LoadAsync();

        var written = TomlConfigReader.Parse(await File.ReadAllTextAsync(ConfigPath, Ct), "config.toml");
        Assert.True(ConfigTree.StrictEquals(ConfigDefaults.Tree(), written));
        Assert.Equal(new GrokConfig().Chat, live.CurrentValue.Chat);
        Assert.False(live.CurrentValue.App.Stream);
    }

    [Fact]
    public async Task LoadAsync_EmptyFile_IsFilledWithEveryDefaultKeepingItsComments()
    {
        await File.WriteAllTextAsync(ConfigPath, "# managed by ops\n", Ct);

        using var live = await LoadAsync();

        var text = await File.ReadAllTextAsync(ConfigPath, Ct);
        Assert.StartsWith("# managed by ops\n", text, StringComparison.Ordinal);
        Assert.True(ConfigTree.StrictEquals(ConfigDefaults.Tree(), TomlConfigReader.Parse(text, "config.toml")));
    }

    [Fact]
    public async Task LoadAsync_FileThatDoesNotParse_FailsWithLineAndKeepsFile()
    {
        const string broken = "[chat]\ntimeout = 60.0\nconcurrent = = 3\n";
        await File.WriteAllTextAsync(ConfigPath, broken, Ct);

        var ex = await Assert.ThrowsAsync<ConfigFormatException>(LoadAsync);

        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(broken, await File.ReadAllTextAsync(ConfigPath, Ct));
    }

    [Fact]
    public async Task LoadAsync_InvalidValues_FailsListingEveryProblem()
    {
        const string invalid = "[chat]\ntimeout = -1\nconcurrent = \"abc\"\n[app]\nimage_format = \"gif\"\n";
        await File.WriteAllTextAsync(ConfigPath, invalid, Ct);

        var ex = await Assert.ThrowsAsync<ConfigFormatException>(LoadAsync);

        Assert.Contains("chat.timeout: must be between 0.001 and 86400, got -1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("chat.concurrent: expected an integer, got \"abc\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("app.image_format: must be one of", ex.Message, StringComparison.Ordinal);
        Assert.Equal(invalid, await File.ReadAllTextAsync(ConfigPath, Ct));
    }

    [Fact]
    public async Task LoadAsync_V1File_IsMigratedBackedUpAndNoted()
    {
        var original = await File.ReadAllBytesAsync(ConfigTestFiles.Fixture("v1-grok.toml"), Ct);
        await File.WriteAllBytesAsync(ConfigPath, original, Ct);

        using var live = await LoadAsync();

        Assert.Equal(original, await File.ReadAllBytesAsync(ConfigPath + ".v1.bak", Ct));
        var migrated = TomlConfigReader.Parse(await File.ReadAllTextAsync(ConfigPath, Ct), "config.toml");
        Assert.Null(migrated["performance"]);
        Assert.Equal(150.0, ConfigTree.ReadScalar(migrated["voice"]!["timeout"]!.AsValue()));
        Assert.Equal(150.0, live.CurrentValue.Chat.Timeout);
        Assert.Equal(100.0, live.CurrentValue.Chat.StreamTimeout);
        var logs = _logger.Collector.GetSnapshot();
        Assert.Contains(logs, l => l.Level == LogLevel.Information && l.Message.Contains("grok.timeout → chat.timeout, image.timeout, video.timeout, voice.timeout", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Level == LogLevel.Warning && l.Message.Contains("grok.image_ws dropped", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Message.Contains(".v1.bak", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoadAsync_MigratedTwice_KeepsTheFirstBackup()
    {
        await File.WriteAllTextAsync(ConfigPath, "[grok]\ntimeout = 120\n", Ct);
        await File.WriteAllTextAsync(ConfigPath + ".v1.bak", "older backup\n", Ct);

        using var live = await LoadAsync();

        Assert.Equal("older backup\n", await File.ReadAllTextAsync(ConfigPath + ".v1.bak", Ct));
        Assert.Equal("[grok]\ntimeout = 120\n", await File.ReadAllTextAsync(ConfigPath + ".v1.2.bak", Ct));
    }

    [Fact]
    public async Task LoadAsync_UnknownKeysAndDynamicStatsig_AreWarnedOnce()
    {
        await File.WriteAllTextAsync(ConfigPath, "[app]\ndynamic_statsig = true\ntypo = 1\n[register]\nx = 1\n", Ct);

        using var live = await LoadAsync();

        var warnings = _logger.Collector.GetSnapshot().Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.Single(warnings, w => w.Contains("dynamic_statsig is ignored", StringComparison.Ordinal) && w.Contains("proxy.statsig_id", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("app.typo: unknown key", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("[register]: unknown section", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExternalEdit_Valid_IsAppliedLive()
    {
        using var live = await LoadAsync();
        var changed = new TaskCompletionSource<GrokConfig>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = live.OnChange((config, _) => changed.TrySetResult(config));
        live.StartWatching();

        var text = (await File.ReadAllTextAsync(ConfigPath, Ct)).Replace("concurrent = 10\n# Longest wait", "concurrent = 7\n# Longest wait", StringComparison.Ordinal);
        await File.WriteAllTextAsync(ConfigPath, text, Ct);

        var applied = await changed.Task.WaitAsync(Bound, Ct);
        Assert.Equal(7, applied.Chat.Concurrent);
        Assert.Equal(7, live.CurrentValue.Chat.Concurrent);
        Assert.Contains(_logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Information && l.Message.Contains("chat.concurrent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExternalEdit_Invalid_KeepsPreviousConfigAndFile()
    {
        using var live = await LoadAsync();
        live.StartWatching();
        var before = live.CurrentValue;
        const string invalid = "[chat]\ntimeout = -5\n";

        await File.WriteAllTextAsync(ConfigPath, invalid, Ct);

        await WaitForLogAsync(l => l.Level == LogLevel.Error && l.Message.Contains("chat.timeout: must be between", StringComparison.Ordinal));
        Assert.Same(before, live.CurrentValue);
        Assert.Equal(invalid, await File.ReadAllTextAsync(ConfigPath, Ct));
    }

    [Fact]
    public async Task ExternalEdit_NotParsing_KeepsPreviousConfigAndFile()
    {
        using var live = await LoadAsync();
        live.StartWatching();
        var before = live.CurrentValue;
        const string broken = "[chat\n";

        await File.WriteAllTextAsync(ConfigPath, broken, Ct);

        await WaitForLogAsync(l => l.Level == LogLevel.Error && l.Message.Contains("line 1", StringComparison.Ordinal));
        Assert.Same(before, live.CurrentValue);
        Assert.Equal(broken, await File.ReadAllTextAsync(ConfigPath, Ct));
    }

    [Fact]
    public async Task PatchAsync_Valid_PersistsAppliesAndNotifies()
    {
        using var live = await LoadAsync();
        var notified = new List<GrokConfig>();
        using var subscription = live.OnChange((config, _) => notified.Add(config));

        var result = await live.PatchAsync(Patch("""{"chat":{"timeout":12.5,"concurrent":"4"},"app":{"stream":true}}"""), Ct);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(12.5, live.CurrentValue.Chat.Timeout);
        Assert.Equal(4, live.CurrentValue.Chat.Concurrent);
        Assert.True(live.CurrentValue.App.Stream);
        var config = Assert.Single(notified);
        Assert.Same(live.CurrentValue, config);
        var saved = TomlConfigReader.Parse(await File.ReadAllTextAsync(ConfigPath, Ct), "config.toml");
        Assert.Equal(12.5, ConfigTree.ReadScalar(saved["chat"]!["timeout"]!.AsValue()));
        Assert.Equal(4L, ConfigTree.ReadScalar(saved["chat"]!["concurrent"]!.AsValue()));
        Assert.True(saved["app"]!["stream"]!.GetValue<bool>());
        Assert.Equal(["config.toml"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
        Assert.Contains("# Longest wait for the upstream answer", await File.ReadAllTextAsync(ConfigPath, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAsync_Invalid_ReturnsEveryProblemAndChangesNothing()
    {
        using var live = await LoadAsync();
        var before = live.CurrentValue;
        var fileBefore = await File.ReadAllBytesAsync(ConfigPath, Ct);
        var notified = 0;
        using var subscription = live.OnChange((_, _) => notified++);

        var result = await live.PatchAsync(Patch("""{"chat":{"timeout":-1,"concurrent":"abc"},"retry":{"retry_status_codes":[401,700]}}"""), Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("chat.timeout: must be between 0.001 and 86400, got -1", result.Errors);
        Assert.Contains("chat.concurrent: expected an integer, got \"abc\"", result.Errors);
        Assert.Contains("retry.retry_status_codes: entries must be between 100 and 599, got 700", result.Errors);
        Assert.Same(before, live.CurrentValue);
        Assert.Equal(fileBefore, await File.ReadAllBytesAsync(ConfigPath, Ct));
        Assert.Equal(0, notified);
    }

    [Fact]
    public async Task PatchAsync_NullValue_ResetsTheKeyToItsDefault()
    {
        using var live = await LoadAsync();
        Assert.True((await live.PatchAsync(Patch("""{"chat":{"timeout":5}}"""), Ct)).Succeeded);

        var result = await live.PatchAsync(Patch("""{"chat":{"timeout":null}}"""), Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(60.0, live.CurrentValue.Chat.Timeout);
        Assert.DoesNotContain("\ntimeout = 5", await File.ReadAllTextAsync(ConfigPath, Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"chat":{"timout":5}}""", "chat.timout: unknown key; the keys of [chat] are concurrent, ")]
    [InlineData("""{"chta":{"timeout":5}}""", "chta: unknown section; the sections are app, ")]
    public async Task PatchAsync_UnknownKeyOrSection_IsRefusedNamingIt(string patch, string expected)
    {
        using var live = await LoadAsync();
        var fileBefore = await File.ReadAllBytesAsync(ConfigPath, Ct);

        var result = await live.PatchAsync(Patch(patch), Ct);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Equal(fileBefore, await File.ReadAllBytesAsync(ConfigPath, Ct));
        Assert.Equal(60.0, live.CurrentValue.Chat.Timeout);
    }

    [Fact]
    public async Task PatchAsync_UnknownKeyAndABadValue_BothReportedAtOnce()
    {
        using var live = await LoadAsync();

        var result = await live.PatchAsync(Patch("""{"chat":{"timout":5,"concurrent":0}}"""), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("chat.timout: unknown key", result.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("chat.concurrent: must be between", result.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAsync_UnknownKeyOfTheFile_IsKeptWhenSentBackUnchangedAndCanBeRemoved()
    {
        await File.WriteAllTextAsync(ConfigPath, "[chat]\nconcurrent = 4\nlegacy_knob = \"on\"\n\n[old_section]\nx = 1\n", Ct);
        using var live = await LoadAsync();
        var whole = live.GetEffectiveTree(maskSecrets: true);
        whole["chat"]!["concurrent"] = 5;

        var result = await live.PatchAsync(whole, Ct);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(5, live.CurrentValue.Chat.Concurrent);
        Assert.Contains("legacy_knob = \"on\"", await File.ReadAllTextAsync(ConfigPath, Ct), StringComparison.Ordinal);

        Assert.True((await live.PatchAsync(Patch("""{"chat":{"legacy_knob":null},"old_section":null}"""), Ct)).Succeeded);
        var text = await File.ReadAllTextAsync(ConfigPath, Ct);
        Assert.DoesNotContain("legacy_knob", text, StringComparison.Ordinal);
        Assert.DoesNotContain("old_section", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAsync_MaskedSecretSentBack_KeepsTheSecret()
    {
        using var live = await LoadAsync();
        Assert.True((await live.PatchAsync(Patch("""{"app":{"api_key":"sk-very-secret-123"}}"""), Ct)).Succeeded);
        var shown = live.GetEffectiveTree(maskSecrets: true);
        shown["chat"]!["concurrent"] = 3;

        var result = await live.PatchAsync(shown, Ct);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("sk-very-secret-123", live.CurrentValue.App.ApiKey);
        Assert.Equal("grok2api", live.CurrentValue.App.AppKey);
        Assert.Equal(3, live.CurrentValue.Chat.Concurrent);
    }

    [Fact]
    public async Task PatchAsync_FileBrokenMeanwhile_FailsAndDoesNotOverwrite()
    {
        using var live = await LoadAsync();
        const string broken = "[app\n";
        await File.WriteAllTextAsync(ConfigPath, broken, Ct);

        var result = await live.PatchAsync(Patch("""{"app":{"stream":true}}"""), Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("line 1", Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Equal(broken, await File.ReadAllTextAsync(ConfigPath, Ct));
    }

    [Fact]
    public async Task GetEffectiveTree_Masked_NeverContainsSecrets()
    {
        using var live = await LoadAsync();
        var secrets = new[] { "admin-secret-pass", "sk-api-secret-key", "public-secret-key", "cf-clearance-secret", "statsig-secret-id", "proxy-secret-pw" };
        var patch = new JsonObject
        {
            ["app"] = new JsonObject { ["app_key"] = secrets[0], ["api_key"] = secrets[1], ["public_key"] = secrets[2] },
            ["proxy"] = new JsonObject
            {
                ["cf_clearance"] = secrets[3],
                ["statsig_id"] = secrets[4],
                ["base_proxy_url"] = $"socks5h://user:{secrets[5]}@proxy.local:1080",
                ["asset_proxy_url"] = $"http://user:{secrets[5]}@proxy.local:3128",
            },
        };
        Assert.True((await live.PatchAsync(patch, Ct)).Succeeded);

        var masked = live.GetEffectiveTree(maskSecrets: true).ToJsonString();
        var plain = live.GetEffectiveTree(maskSecrets: false).ToJsonString();

        Assert.All(secrets, s => Assert.DoesNotContain(s, masked, StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.Contains(s, plain, StringComparison.Ordinal));
        Assert.Equal("ad…ss", live.GetEffectiveTree(maskSecrets: true)["app"]!["app_key"]!.GetValue<string>());
        Assert.Contains("socks5h://****@proxy.local:1080", masked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnyName_IsTheCurrentValue()
    {
        using var live = await LoadAsync();

        Assert.Same(live.CurrentValue, live.Get("whatever"));
        Assert.Same(live.CurrentValue, live.Get(null));
    }

    public void Dispose() => _directory.Dispose();

    private static JsonObject Patch(string json) => JsonNode.Parse(json)!.AsObject();

    private async Task<LiveConfig> LoadAsync()
    {
        var store = new LocalConfigStore(_directory.Path, _logger, TimeProvider.System, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        return await LiveConfig.LoadAsync(store, _logger, Ct);
    }

    private async Task WaitForLogAsync(Func<FakeLogRecord, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Bound);
        while (!_logger.Collector.GetSnapshot().Any(match))
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
