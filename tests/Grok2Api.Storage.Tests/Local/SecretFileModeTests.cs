using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Local;

/// <summary>
/// The files under DATA_DIR that hold secrets (token.json, config.toml, the backup of a migrated
/// config.toml) are created 0600 on a real file system, and a rewrite keeps the mode and the owner
/// the operator gave them.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class SecretFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerAndGroupRead = OwnerOnly | UnixFileMode.GroupRead;
    private const string OtherOwner = "4242:4343";
    private readonly TempDirectory _directory = new();

    private string TokenPath => _directory.File(LocalTokenStore.FileName);

    private string ConfigPath => _directory.File(LocalConfigStore.FileName);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TokenFile_CreatedByASave_Is0600()
    {
        SkipOnWindows();
        using var store = NewTokenStore();
        await store.LoadAsync(TestContext.Current.CancellationToken);

        await store.SaveAsync(OneToken("first"), TestContext.Current.CancellationToken);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(TokenPath));
    }

    [Fact]
    public async Task TokenFile_Chmod640_KeepsItsModeOverARewrite()
    {
        SkipOnWindows();
        using var store = NewTokenStore();
        await store.LoadAsync(TestContext.Current.CancellationToken);
        await store.SaveAsync(OneToken("first"), TestContext.Current.CancellationToken);
        File.SetUnixFileMode(TokenPath, OwnerAndGroupRead);

        await store.SaveAsync(OneToken("second"), TestContext.Current.CancellationToken);

        Assert.Equal(OwnerAndGroupRead, File.GetUnixFileMode(TokenPath));
        Assert.Contains("second", await File.ReadAllTextAsync(TokenPath, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenFile_OwnedBySomeoneElse_KeepsItsOwnerOverARewrite_WhenRunningAsRoot()
    {
        SkipUnlessRoot();
        using var store = NewTokenStore();
        await store.LoadAsync(TestContext.Current.CancellationToken);
        await store.SaveAsync(OneToken("first"), TestContext.Current.CancellationToken);
        Run("chown", OtherOwner, TokenPath);

        await store.SaveAsync(OneToken("second"), TestContext.Current.CancellationToken);

        Assert.Equal(OtherOwner, Run("stat", "-c", "%u:%g", TokenPath));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(TokenPath));
    }

    [Fact]
    public async Task ConfigFile_CreatedByASave_Is0600()
    {
        SkipOnWindows();
        using var store = NewConfigStore();

        await store.SaveAsync(ApiKey("sk-first"), TestContext.Current.CancellationToken);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(ConfigPath));
    }

    [Fact]
    public async Task ConfigFile_Chmod640_KeepsItsModeOverARewrite()
    {
        SkipOnWindows();
        using var store = NewConfigStore();
        await store.SaveAsync(ApiKey("sk-first"), TestContext.Current.CancellationToken);
        File.SetUnixFileMode(ConfigPath, OwnerAndGroupRead);

        await store.SaveAsync(ApiKey("sk-second"), TestContext.Current.CancellationToken);

        Assert.Equal(OwnerAndGroupRead, File.GetUnixFileMode(ConfigPath));
        Assert.Contains("sk-second", await File.ReadAllTextAsync(ConfigPath, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigFile_OwnedBySomeoneElse_KeepsItsOwnerOverARewrite_WhenRunningAsRoot()
    {
        SkipUnlessRoot();
        using var store = NewConfigStore();
        await store.SaveAsync(ApiKey("sk-first"), TestContext.Current.CancellationToken);
        Run("chown", OtherOwner, ConfigPath);

        await store.SaveAsync(ApiKey("sk-second"), TestContext.Current.CancellationToken);

        Assert.Equal(OtherOwner, Run("stat", "-c", "%u:%g", ConfigPath));
    }

    [Fact]
    public async Task ConfigBackup_OfAWorldReadableOriginal_Is0600()
    {
        SkipOnWindows();
        await File.WriteAllTextAsync(ConfigPath, "[grok]\napi_key = \"sk-old\"\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(ConfigPath, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var store = NewConfigStore();

        var backup = await store.BackupAsync("v1", TestContext.Current.CancellationToken);

        Assert.NotNull(backup);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(backup));
    }

    [Fact]
    public async Task AtomicFile_NewFile_Is0600_AndNoTemporaryFileIsLeft()
    {
        SkipOnWindows();
        var path = _directory.File("secret.bin");

        await AtomicFile.WriteAllBytesAsync(path, "secret"u8.ToArray(), TestContext.Current.CancellationToken);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(["secret.bin"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    private static void SkipOnWindows() => Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only.");

    private static void SkipUnlessRoot()
    {
        SkipOnWindows();
        Assert.SkipUnless(Run("id", "-u") == "0", "Changing a file's owner needs root.");
    }

    private static string Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {process.StandardError.ReadToEnd()}");
        return output.Trim();
    }

    private static TokenChangeSet OneToken(string token)
    {
        var changes = new TokenChangeSet();
        changes.Upserts.Add(new PooledToken(TokenPools.Basic, new StoredToken { Token = token, Quota = 80, CreatedAt = 1 }));
        return changes;
    }

    private static JsonObject ApiKey(string key) => new() { ["app"] = new JsonObject { ["api_key"] = key } };

    private LocalTokenStore NewTokenStore() =>
        new(new StorageSettings(_directory.Path, StorageKind.Local, ""), TimeProvider.System, NullLogger<LocalTokenStore>.Instance);

    private LocalConfigStore NewConfigStore() =>
        new(_directory.Path, NullLogger.Instance, TimeProvider.System, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
}
