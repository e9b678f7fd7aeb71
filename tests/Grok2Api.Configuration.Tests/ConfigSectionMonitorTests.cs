using System.Reflection;
using System.Text.Json.Nodes;
using Grok2Api.Storage.Local;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grok2Api.Configuration.Tests;

public sealed class ConfigSectionMonitorTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One key of every section and a valid value other than its default.</summary>
    public static TheoryData<string, string, string> SectionEdits => new()
    {
        { "app", "api_key", "\"sk-live\"" },
        { "proxy", "user_agent", "\"TestAgent/1.0\"" },
        { "voice", "timeout", "99" },
        { "chat", "concurrent", "7" },
        { "video", "concurrent", "7" },
        { "retry", "retry_status_codes", "[429]" },
        { "image", "nsfw", "false" },
        { "token", "fail_threshold", "9" },
        { "cache", "limit_mb", "77" },
        { "asset", "fetch_allow", "[\"10.0.0.0/8\"]" },
        { "nsfw", "batch_size", "9" },
        { "usage", "batch_size", "9" },
        { "upstream", "base_url", "\"https://grok.example\"" },
        { "responses", "retention_days", "7" },
        { "public", "max_sessions", "9" },
        { "model_alias", "claude-3.5:latest", "\"grok-4\"" },
    };

    [Fact]
    public void SectionEdits_CoverEverySection()
    {
        var edited = SectionEdits.Select(row => row.Data.Item1).Order(StringComparer.Ordinal);

        Assert.Equal(Sections.Select(SectionName).Order(StringComparer.Ordinal), edited);
    }

    [Theory]
    [MemberData(nameof(SectionEdits))]
    public async Task FileEdit_OfOneSection_IsSeenByItsMonitorAndNotifiesOnlyIt(string section, string key, string json)
    {
        using var live = await LoadAsync();
        await using var provider = new ServiceCollection().AddGrokConfig(live).BuildServiceProvider();
        var notified = new List<string>();
        var subscriptions = Sections.Select(s => Subscribe(provider, s, notified)).ToList();
        var before = Section(provider, section);
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var whole = live.OnChange((_, _) => applied.TrySetResult());
        live.StartWatching();

        var tree = TomlConfigReader.Parse(await File.ReadAllTextAsync(ConfigPath, Ct), "config.toml");
        tree[section]![key] = JsonNode.Parse(json);
        await File.WriteAllTextAsync(ConfigPath, TomlConfigWriter.Write(tree, ConfigDefaults.FileOptions), Ct);
        await applied.Task.WaitAsync(Bound, Ct);

        Assert.Equal([section], notified);
        var after = Section(provider, section);
        Assert.NotEqual(before, after);
        Assert.Equal(SectionProperty(section).GetValue(live.CurrentValue), after);
        Assert.Equal(after, OptionsValue(provider, section));
        subscriptions.ForEach(s => s?.Dispose());
    }

    [Fact]
    public async Task Patch_OfAnotherSection_DoesNotCallTheListener()
    {
        using var live = await LoadAsync();
        await using var provider = new ServiceCollection().AddGrokConfig(live).BuildServiceProvider();
        var chatCalls = 0;
        var appCalls = new List<AppSection>();
        using var chat = provider.GetRequiredService<IOptionsMonitor<ChatSection>>().OnChange((_, _) => chatCalls++);
        using var app = provider.GetRequiredService<IOptionsMonitor<AppSection>>().OnChange((value, _) => appCalls.Add(value));

        var result = await live.PatchAsync(new JsonObject { ["app"] = new JsonObject { ["stream"] = true } }, Ct);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(0, chatCalls);
        Assert.True(Assert.Single(appCalls).Stream);
    }

    [Fact]
    public async Task Options_GiveTheCurrentSection()
    {
        using var live = await LoadAsync();
        await using var provider = new ServiceCollection().AddGrokConfig(live).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ChatSection>>();
        Assert.Equal(10, options.Value.Concurrent);

        await live.PatchAsync(new JsonObject { ["chat"] = new JsonObject { ["concurrent"] = 3 } }, Ct);

        Assert.Equal(3, options.Value.Concurrent);
        Assert.Same(live.CurrentValue.Chat, options.Value);
        Assert.Same(live.CurrentValue.Chat, provider.GetRequiredService<IOptionsMonitor<ChatSection>>().CurrentValue);
    }

    [Fact]
    public void NewConfig_WithEqualCollections_DoesNotCallTheListener()
    {
        var config = new TestOptionsMonitor<GrokConfig>(new GrokConfig());
        using var monitor = new ConfigSectionMonitor<AppSection>(config, c => c.App, NullLogger.Instance);
        var calls = 0;
        using var subscription = monitor.OnChange((_, _) => calls++);

        config.Update(c => c with { App = c.App with { FilterTags = [.. c.App.FilterTags] }, Chat = c.Chat with { Concurrent = 2 } });

        Assert.Equal(0, calls);
        Assert.Same(config.CurrentValue.App, monitor.CurrentValue);
    }

    [Fact]
    public void Listener_ThatThrows_DoesNotStopTheOthers_AndDisposedOnesAreNotCalled()
    {
        var config = new TestOptionsMonitor<GrokConfig>(new GrokConfig());
        using var monitor = new ConfigSectionMonitor<TokenSection>(config, c => c.Token, NullLogger.Instance);
        var seen = new List<int>();
        using var failing = monitor.OnChange((_, _) => throw new InvalidOperationException("listener bug"));
        using var recording = monitor.OnChange((token, _) => seen.Add(token.FailThreshold));
        var removed = monitor.OnChange((token, _) => seen.Add(-token.FailThreshold));
        removed!.Dispose();

        config.Update(c => c with { Token = c.Token with { FailThreshold = 2 } });
        config.Update(c => c with { Token = c.Token with { FailThreshold = 2 } });
        monitor.Dispose();
        config.Update(c => c with { Token = c.Token with { FailThreshold = 4 } });

        Assert.Equal([2], seen);
        Assert.Equal(4, monitor.CurrentValue.FailThreshold);
    }

    [Fact]
    public void EverySection_BoundTwice_IsEqual_AndEveryPropertyTakesPartInEquality()
    {
        var first = ConfigBinder.Bind(new JsonObject()).Config!;
        var second = ConfigBinder.Bind(new JsonObject()).Config!;

        foreach (var property in typeof(GrokConfig).GetProperties())
        {
            var section = property.GetValue(first)!;
            Assert.Equal(section, property.GetValue(second));
            Assert.Equal(section.GetHashCode(), property.GetValue(second)!.GetHashCode());
            foreach (var key in property.PropertyType.GetProperties().Where(p => p.SetMethod is not null))
            {
                var changed = Clone(section);
                key.SetValue(changed, Different(key.GetValue(section)));
                Assert.False(section.Equals(changed), $"{property.Name}.{key.Name} does not take part in equality");
            }
        }
    }

    public void Dispose() => _directory.Dispose();

    private static IEnumerable<PropertyInfo> Sections => typeof(GrokConfig).GetProperties();

    private string ConfigPath => _directory.File("config.toml");

    private static PropertyInfo SectionProperty(string name) => Sections.Single(p => SectionName(p) == name);

    private static string SectionName(PropertyInfo property) => ConfigSchema.TomlName(property.Name);

    private static object Section(IServiceProvider provider, string name)
    {
        var monitorType = typeof(IOptionsMonitor<>).MakeGenericType(SectionProperty(name).PropertyType);
        return monitorType.GetProperty(nameof(IOptionsMonitor<object>.CurrentValue))!.GetValue(provider.GetRequiredService(monitorType))!;
    }

    private static object OptionsValue(IServiceProvider provider, string name)
    {
        var optionsType = typeof(IOptions<>).MakeGenericType(SectionProperty(name).PropertyType);
        return optionsType.GetProperty(nameof(IOptions<object>.Value))!.GetValue(provider.GetRequiredService(optionsType))!;
    }

    private static IDisposable? Subscribe(IServiceProvider provider, PropertyInfo section, List<string> notified) =>
        (IDisposable?)typeof(ConfigSectionMonitorTests).GetMethod(nameof(SubscribeTo), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(section.PropertyType)
            .Invoke(null, [provider, SectionName(section), notified]);

    private static IDisposable? SubscribeTo<TSection>(IServiceProvider provider, string name, List<string> notified) =>
        provider.GetRequiredService<IOptionsMonitor<TSection>>().OnChange((_, _) => notified.Add(name));

    private static object Clone(object record) =>
        record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;

    private static object Different(object? value) => value switch
    {
        int number => number + 1,
        double number => number + 1,
        bool flag => !flag,
        string text => text + "x",
        IReadOnlyList<string> items => (IReadOnlyList<string>)[.. items, "x"],
        IReadOnlyList<int> items => (IReadOnlyList<int>)[.. items, 1],
        IReadOnlyDictionary<string, int> entries => new Dictionary<string, int>(entries) { ["x"] = 1 },
        _ => throw new InvalidOperationException($"No other value for {value?.GetType().Name}"),
    };

    private async Task<LiveConfig> LoadAsync()
    {
        var store = new LocalConfigStore(_directory.Path, NullLogger<LocalConfigStore>.Instance, TimeProvider.System, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        return await LiveConfig.LoadAsync(store, NullLogger.Instance, Ct);
    }
}
