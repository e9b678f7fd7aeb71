using Grok2Api.Storage.Local;
using Grok2Api.Tests.Common;

namespace Grok2Api.Storage.Tests.Tokens;

public sealed class DataDirectoryLockTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Acquire_SecondHolderInTheSameProcess_IsRefusedWithTheOperatorMessage()
    {
        using var first = DataDirectoryLock.Acquire(_directory.Path);

        var error = Assert.Throws<DataDirectoryLockedException>(() => DataDirectoryLock.Acquire(_directory.Path));

        AssertOperatorMessage(error, Environment.ProcessId);
    }

    [Fact]
    public void Acquire_AfterTheHolderIsDisposed_Succeeds()
    {
        DataDirectoryLock.Acquire(_directory.Path).Dispose();

        using var second = DataDirectoryLock.Acquire(Path.Combine(_directory.Path, "."));

        Assert.Equal(Path.GetFullPath(_directory.Path), second.DataDirectory);
    }

    [Fact]
    public void Acquire_MissingDirectory_CreatesIt()
    {
        var nested = Path.Combine(_directory.Path, "new", "data");

        using var held = DataDirectoryLock.Acquire(nested);

        Assert.True(Directory.Exists(nested));
    }

    [Fact]
    public async Task Acquire_HeldByAnotherProcess_IsRefusedNamingItsPidUntilThatProcessIsKilled()
    {
        await using var harness = HarnessProcess.Start(_directory.Path, seed: 1);
        var pid = await harness.WaitReadyAsync(Timeout, Ct);

        var error = Assert.Throws<DataDirectoryLockedException>(() => DataDirectoryLock.Acquire(_directory.Path));
        AssertOperatorMessage(error, pid);

        await harness.KillAsync(Ct);
        using var held = DataDirectoryLock.Acquire(_directory.Path);
    }

    [Fact]
    public async Task Harness_DirectoryLockedByThisProcess_ExitsWithTheOperatorMessage()
    {
        using var held = DataDirectoryLock.Acquire(_directory.Path);

        await using var harness = HarnessProcess.Start(_directory.Path, seed: 1);
        await harness.WaitExitAsync(Timeout, Ct);

        Assert.Equal(3, harness.ExitCode);
        Assert.Contains(Path.GetFullPath(_directory.Path), harness.StandardError, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", harness.StandardError, StringComparison.Ordinal);
        Assert.Contains("single-instance", harness.StandardError, StringComparison.Ordinal);
        Assert.Empty(harness.Acks);
    }

    private void AssertOperatorMessage(DataDirectoryLockedException error, int holder)
    {
        Assert.Equal(holder, error.HolderProcessId);
        Assert.Equal(Path.GetFullPath(_directory.Path), error.DataDirectory);
        Assert.Contains($"'{Path.GetFullPath(_directory.Path)}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(pid {holder})", error.Message, StringComparison.Ordinal);
        Assert.Contains("single-instance", error.Message, StringComparison.Ordinal);
        Assert.Contains("SERVER_STORAGE_TYPE=redis, pgsql or mysql", error.Message, StringComparison.Ordinal);
    }
}
