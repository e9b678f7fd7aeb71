using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Configuration;
using Grok2Api.Storage.Local;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace Grok2Api.Storage.Tests.Local;

public sealed class LocalConfigStoreTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();

    private string ConfigPath => _directory.File("config.toml");

    [Fact]
    public async Task LoadAsync_NoFile_ReturnsNull()
    {
        using var store = CreateStore();

        Assert.Null(await store.LoadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LoadAsync_FileThatDoesNotParse_ThrowsWithLineAndLeavesFileUntouched()
    {
        const string broken = "[app]\napp_key = \"grok2api\"\napi_key = \"unterminated\n";
        await File.WriteAllTextAsync(ConfigPath, broken, TestContext.Current.CancellationToken);
        using var store = CreateStore();

        var ex = await Assert.ThrowsAsync<ConfigFormatException>(() => store.LoadAsync(TestContext.Current.CancellationToken));

        Assert.Contains(ConfigPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(broken, await File.ReadAllTextAsync(ConfigPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_FileThatDoesNotParse_IsNotOverwritten()
    {
        const string broken = "[app\napp_key = \"x\"\n";
        await File.WriteAllTextAsync(ConfigPath, broken, TestContext.Current.CancellationToken);
        using var store = CreateStore();

        await Assert.ThrowsAsync<ConfigFormatException>(() => store.SaveAsync(ConfigDefaults.Tree(), TestContext.Current.CancellationToken));

        Assert.Equal(broken, await File.ReadAllTextAsync(ConfigPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveThenLoad_ValueWithBackslashQuoteNewlineAndUnicode_RoundTrips()
    {
        const string tricky = "C:\\data\\\"quoted\" 'single' \"\"\" '''\nsecond line\ttab — 中文 ünï 😀\u0001";
        using var store = CreateStore();
        var tree = new JsonObject { ["app"] = new JsonObject { ["api_key"] = tricky, ["filter_tags"] = new JsonArray(tricky, "") } };

        await store.SaveAsync(tree, TestContext.Current.CancellationToken);
        var loaded = await store.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(tricky, loaded!["app"]!["api_key"]!.GetValue<string>());
        Assert.True(ConfigTree.StrictEquals(tree, loaded));
    }

    [Fact]
    public async Task SaveAsync_UnknownKeysAndSections_Survive()
    {
        using var store = CreateStore();
        var tree = ConfigDefaults.Tree();
        tree["chat"]!["model_concurrency"] = new JsonObject { ["grok-4.1-fast"] = 3L };
        tree["chat"]!["typo_key"] = "kept";
        tree["register"] = new JsonObject { ["worker_domain"] = "w.example.com" };

        await store.SaveAsync(tree, TestContext.Current.CancellationToken);
        var loaded = await store.LoadAsync(TestContext.Current.CancellationToken);
        loaded!["app"]!["api_key"] = "changed";
        await store.SaveAsync(loaded, TestContext.Current.CancellationToken);
        var reloaded = await store.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal("kept", reloaded!["chat"]!["typo_key"]!.GetValue<string>());
        Assert.Equal(3L, ConfigTree.ReadScalar(reloaded["chat"]!["model_concurrency"]!["grok-4.1-fast"]!.AsValue()));
        Assert.Equal("w.example.com", reloaded["register"]!["worker_domain"]!.GetValue<string>());
        Assert.Equal("changed", reloaded["app"]!["api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task SaveAsync_ExistingFile_KeepsCommentsAndLeavesNoTempFiles()
    {
        const string original = "# my settings\n[chat]\ntimeout = 90.0 # slow network\n";
        await File.WriteAllTextAsync(ConfigPath, original, TestContext.Current.CancellationToken);
        using var store = CreateStore();
        var tree = (await store.LoadAsync(TestContext.Current.CancellationToken))!;
        tree["chat"]!["timeout"] = 30.0;

        await store.SaveAsync(tree, TestContext.Current.CancellationToken);

        Assert.Equal("# my settings\n[chat]\ntimeout = 30.0 # slow network\n", await File.ReadAllTextAsync(ConfigPath, TestContext.Current.CancellationToken));
        Assert.Equal(["config.toml"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task SaveAsync_ExistingFileMode_IsKept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await File.WriteAllTextAsync(ConfigPath, "[app]\napi_key = \"a\"\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var store = CreateStore();

        await store.SaveAsync(new JsonObject { ["app"] = new JsonObject { ["api_key"] = "b" } }, TestContext.Current.CancellationToken);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
    }

    [Fact]
    public async Task LoadAsync_Utf8Bom_IsAccepted()
    {
        await File.WriteAllBytesAsync(ConfigPath, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[app]\napi_key = \"é\"\n")], TestContext.Current.CancellationToken);
        using var store = CreateStore();

        var tree = await store.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal("é", tree!["app"]!["api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task LoadAsync_InvalidUtf8_ThrowsFormatError()
    {
        await File.WriteAllBytesAsync(ConfigPath, [.. Encoding.UTF8.GetBytes("[app]\napi_key = \""), 0xFF, 0xFE, (byte)'"', (byte)'\n'], TestContext.Current.CancellationToken);
        using var store = CreateStore();

        var ex = await Assert.ThrowsAsync<ConfigFormatException>(() => store.LoadAsync(TestContext.Current.CancellationToken));

        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupAsync_ExistingBackup_IsNotOverwritten()
    {
        using var store = CreateStore();
        await File.WriteAllTextAsync(ConfigPath, "first = 1\n", TestContext.Current.CancellationToken);
        var first = await store.BackupAsync("v1", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(ConfigPath, "second = 2\n", TestContext.Current.CancellationToken);

        var second = await store.BackupAsync("v1", TestContext.Current.CancellationToken);

        Assert.Equal(ConfigPath + ".v1.bak", first);
        Assert.Equal(ConfigPath + ".v1.2.bak", second);
        Assert.Equal("first = 1\n", await File.ReadAllTextAsync(first!, TestContext.Current.CancellationToken));
        Assert.Equal("second = 2\n", await File.ReadAllTextAsync(second!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Watch_ExternalEdit_Fires()
    {
        using var store = CreateStore();
        await store.SaveAsync(ConfigDefaults.Tree(), TestContext.Current.CancellationToken);
        var fired = WhenFired(store.Watch());

        await File.WriteAllTextAsync(ConfigPath, "[chat]\ntimeout = 5.0\n", TestContext.Current.CancellationToken);

        await fired.WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Watch_OwnWrite_DoesNotFire()
    {
        using var store = CreateStore();
        await store.SaveAsync(ConfigDefaults.Tree(), TestContext.Current.CancellationToken);
        var token = store.Watch();
        var tree = ConfigDefaults.Tree();
        tree["chat"]!["timeout"] = 5.0;

        await store.SaveAsync(tree, TestContext.Current.CancellationToken);

        // Debounce (50 ms) and poll (100 ms) have had many chances to report the write by then.
        await Task.Delay(TimeSpan.FromMilliseconds(600), TestContext.Current.CancellationToken);
        Assert.False(token.HasChanged);
    }

    public void Dispose() => _directory.Dispose();

    private static Task WhenFired(IChangeToken token)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.RegisterChangeCallback(_ => fired.TrySetResult(), null);
        return fired.Task;
    }

    private LocalConfigStore CreateStore() =>
        new(_directory.Path, NullLogger.Instance, TimeProvider.System, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
}
