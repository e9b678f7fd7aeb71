using System.Diagnostics;
using Grok2Api.Configuration;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Storage.Tests.Tokens;

public sealed class TokenWriteBehindTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(TokenFixtures.Now));
    private readonly RecordingTokenStore _store = new();
    private readonly DictionarySnapshotSource _source = new();
    private readonly FakeLogger<TokenWriteBehind> _logger = new();
    private readonly TestOptionsMonitor<TokenSection> _config = new(Config(saveDelayMs: 500));
    private readonly TokenWriteBehind _writeBehind;

    public TokenWriteBehindTests()
    {
        _writeBehind = new TokenWriteBehind(_store, _config, _time, _logger);
        _writeBehind.Attach(_source);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _writeBehind.Dispose();

    [Fact]
    public async Task MarkDirty_ManyMarksWithinTheDelay_ProduceOneWrite()
    {
        for (var i = 0; i < 100; i++)
        {
            _source.Set($"token-{i}");
            _writeBehind.MarkDirty($"token-{i}");
            _writeBehind.MarkDirty($"token-{i}");
        }

        await AdvanceUntilAsync(() => _store.Batches.Count > 0);
        await AdvanceForAsync(TimeSpan.FromSeconds(3));

        var batch = Assert.Single(_store.Batches);
        Assert.Equal(100, batch.Upserts.Count);
        Assert.Equal(1, _store.Attempts);
    }

    [Fact]
    public async Task MarkDirty_BeforeTheDelayElapses_DoesNotWrite()
    {
        _source.Set("a");
        _writeBehind.MarkDirty("a");

        await Task.Delay(100, Ct);
        _time.Advance(TimeSpan.FromMilliseconds(450));
        await Task.Delay(50, Ct);
        Assert.Equal(0, _store.Attempts);

        await AdvanceUntilAsync(() => _store.Stored.ContainsKey("a"));
    }

    [Fact]
    public async Task MarkDirty_SaveDelayZero_WritesWithoutWaiting()
    {
        _config.CurrentValue = Config(saveDelayMs: 0);
        _source.Set("a");

        _writeBehind.MarkDirty("a");

        await EventuallyAsync(() => _store.Stored.ContainsKey("a"));
    }

    [Fact]
    public async Task MarkDirty_SaveDelayChangedLive_NextBatchUsesTheNewDelay()
    {
        _config.CurrentValue = Config(saveDelayMs: 600_000);
        _source.Set("a");
        _writeBehind.MarkDirty("a");
        await _writeBehind.FlushAsync(Ct).WaitAsync(Timeout, Ct);

        _config.CurrentValue = Config(saveDelayMs: 0);
        _source.Set("b");
        _writeBehind.MarkDirty("b");

        await EventuallyAsync(() => _store.Stored.ContainsKey("b"));
    }

    [Fact]
    public async Task MarkDirty_StoreFails_RetriesWithBackoffAndLosesNothing()
    {
        _config.CurrentValue = Config(saveDelayMs: 0);
        _store.FailNext = 2;
        _source.Set("a");
        _source.Set("b");
        _writeBehind.MarkDirty("a");
        _writeBehind.MarkDirty("b");
        await EventuallyAsync(() => _store.Attempts == 1);

        // Backing off: no new attempt until the retry delay passes, and new marks join the retry.
        _source.Set("c");
        _writeBehind.MarkDirty("c");
        _source.Set("a", quota: 5);
        _writeBehind.MarkDirty("a");
        await Task.Delay(50, Ct);
        Assert.Equal(1, _store.Attempts);

        await AdvanceUntilAsync(() => _store.Stored.Count == 3);

        Assert.Equal(3, _store.Attempts);
        Assert.Equal(5, _store.Stored["a"].Token.Quota);
        var warnings = _logger.Collector.GetSnapshot().Where(r => r.Id.Id == 1222).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
    }

    [Fact]
    public async Task FlushAsync_CompletesOnlyWhenTheWriteIsDurable()
    {
        _config.CurrentValue = Config(saveDelayMs: 600_000);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Gate = gate;
        var started = _store.WriteStarted;
        _source.Set("a");
        _writeBehind.MarkDirty("a");

        var flush = _writeBehind.FlushAsync(Ct);
        await started.Task.WaitAsync(Timeout, Ct);
        await Task.Delay(50, Ct);
        Assert.False(flush.IsCompleted);

        gate.SetResult();
        await flush.WaitAsync(Timeout, Ct);
        Assert.True(_store.Stored.ContainsKey("a"));
    }

    [Fact]
    public async Task MarkDirty_DuringAWrite_GoesIntoTheNextBatch()
    {
        _config.CurrentValue = Config(saveDelayMs: 600_000);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Gate = gate;
        var started = _store.WriteStarted;
        _source.Set("a", quota: 80);
        _writeBehind.MarkDirty("a");
        var first = _writeBehind.FlushAsync(Ct);
        await started.Task.WaitAsync(Timeout, Ct);

        _source.Set("a", quota: 1);
        _writeBehind.MarkDirty("a");
        _source.Set("b");
        _writeBehind.MarkDirty("b");
        var second = _writeBehind.FlushAsync(Ct);
        gate.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Timeout, Ct);

        Assert.Collection(
            _store.Batches,
            batch => Assert.Equal(["a:80"], batch.Upserts.Select(u => $"{u.Token.Token}:{u.Token.Quota}")),
            batch => Assert.Equal(["a:1", "b:80"], batch.Upserts.Select(u => $"{u.Token.Token}:{u.Token.Quota}").Order()));
    }

    [Fact]
    public async Task FlushAsync_NothingDirty_CompletesWithoutWriting()
    {
        await _writeBehind.FlushAsync(Ct).WaitAsync(Timeout, Ct);

        Assert.Equal(0, _store.Attempts);
    }

    [Fact]
    public async Task MarkDirty_TokenGoneFromTheSource_IsDeleted()
    {
        _source.Set("a");
        _writeBehind.MarkDirty("a");
        await _writeBehind.FlushAsync(Ct).WaitAsync(Timeout, Ct);

        _source.Remove("a");
        _writeBehind.MarkDirty("a");
        await _writeBehind.FlushAsync(Ct).WaitAsync(Timeout, Ct);

        Assert.Empty(_store.Stored);
        Assert.Equal(["a"], _store.Batches[^1].Deletes);
    }

    [Fact]
    public async Task StopAsync_PendingChanges_AreWritten()
    {
        _config.CurrentValue = Config(saveDelayMs: 600_000);
        await _writeBehind.StartAsync(Ct);
        _source.Set("a");
        _source.Set("b");
        _writeBehind.MarkDirty("a");
        _writeBehind.MarkDirty("b");

        await _writeBehind.StopAsync(Ct).WaitAsync(Timeout, Ct);

        Assert.Equal(["a", "b"], _store.Stored.Keys.Order());
        await _writeBehind.FlushAsync(Ct).WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task StopAsync_StoreKeepsFailing_GivesUpAtTheDeadlineAndSaysSo()
    {
        _config.CurrentValue = Config(saveDelayMs: 0);
        _store.FailNext = int.MaxValue;
        _source.Set("a");
        _writeBehind.MarkDirty("a");
        await EventuallyAsync(() => _store.Attempts >= 1);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await _writeBehind.StopAsync(deadline.Token).WaitAsync(Timeout, Ct);

        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 1224 && r.Level == LogLevel.Error);
        await EventuallyAsync(() => _writeBehind.FlushAsync(Ct).IsFaulted);
    }

    [Fact]
    public async Task MarkDirty_ConcurrentWritersWithWritesInFlight_LatestValueOfEveryTokenIsStored()
    {
        var writeBehind = new TokenWriteBehind(_store, new TestOptionsMonitor<TokenSection>(Config(saveDelayMs: 1)), TimeProvider.System, _logger);
        using var dispose = writeBehind;
        writeBehind.Attach(_source);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(
            async () =>
            {
                for (var round = 1; round <= 200; round++)
                {
                    var token = $"w{worker}-{round % 25}";
                    _source.Set(token, quota: round);
                    writeBehind.MarkDirty(token);
                    if (round % 50 == 0)
                    {
                        await Task.Yield();
                    }
                }
            },
            Ct))).WaitAsync(Timeout, Ct);
        await writeBehind.FlushAsync(Ct).WaitAsync(Timeout, Ct);

        var stored = _store.Stored;
        Assert.Equal(100, stored.Count);
        for (var worker = 0; worker < 4; worker++)
        {
            for (var slot = 0; slot < 25; slot++)
            {
                var last = Enumerable.Range(1, 200).Last(round => round % 25 == slot);
                Assert.Equal(last, stored[$"w{worker}-{slot}"].Token.Quota);
            }
        }
    }

    [Fact]
    public void MarkDirty_TokenAlreadyDirty_AllocatesNothing()
    {
        _config.CurrentValue = Config(saveDelayMs: 600_000);
        _source.Set("a");
        _writeBehind.MarkDirty("a");
        _writeBehind.MarkDirty("a");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _writeBehind.MarkDirty("a");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void MarkDirty_BeforeAttach_Throws()
    {
        using var writeBehind = new TokenWriteBehind(_store, _config, _time, _logger);

        Assert.Throws<InvalidOperationException>(() => writeBehind.MarkDirty("a"));
    }

    [Fact]
    public void AddTokenWriteBehind_RegistersOneSingletonAsWriteBehindAndHostedService()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ITokenStore>(_store)
            .AddSingleton<IOptionsMonitor<TokenSection>>(_config)
            .AddTokenWriteBehind()
            .AddTokenWriteBehind();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var writeBehind = provider.GetRequiredService<ITokenWriteBehind>();

        Assert.Same(writeBehind, Assert.Single(provider.GetServices<IHostedService>()));
    }

    private static TokenSection Config(int saveDelayMs) => new() { SaveDelayMs = saveDelayMs };

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Timeout, "The condition did not become true in time.");
            await Task.Delay(5, Ct);
        }
    }

    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Timeout, "The condition did not become true in time.");
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(5, Ct);
        }
    }

    private async Task AdvanceForAsync(TimeSpan span)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromMilliseconds(100))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2, Ct);
        }
    }
}
