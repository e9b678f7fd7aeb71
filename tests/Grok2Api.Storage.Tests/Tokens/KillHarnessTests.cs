using System.Diagnostics;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Tokens;

public sealed class KillHarnessTests : IDisposable
{
    private const int Cycles = 24;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    private string TokenFile => _directory.File(LocalTokenStore.FileName);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task LocalStores_KilledAtRandomMoments_KeepEveryAcknowledgedTokenAndAParseableConfig()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = Environment.TickCount;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}");
        var random = new Random(seed);
        File.Copy(TokenFixtures.Canonical, TokenFile);
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var leftoversSeen = 0;
        long lastConfigAck = 0;
        var clock = Stopwatch.StartNew();

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            var before = ReadTokens();
            await using (var harness = HarnessProcess.Start(_directory.Path, random.Next()))
            {
                await harness.WaitFirstAckAsync(Timeout, ct);
                await Task.Delay(random.Next(50, 401), ct);
                await harness.KillAsync(ct);
                Assert.Empty(harness.StandardError);
                acknowledged.UnionWith(harness.Acks);
                lastConfigAck = Math.Max(lastConfigAck, harness.ConfigAcks.LastOrDefault());
            }

            // config.toml parses and holds the last acknowledged value or one written after it, exactly.
            var configRound = await ReadConfigRoundAsync(ct);
            Assert.True(configRound >= lastConfigAck, $"config.toml holds round {configRound}, but round {lastConfigAck} was acknowledged");

            leftoversSeen += Directory.GetFiles(_directory.Path, "*.tmp").Length;
            var after = ReadTokens();
            Assert.Subset(after.Keys.ToHashSet(), acknowledged);
            Assert.Subset(after.Keys.ToHashSet(), before.Keys.ToHashSet());

            // A fresh store removes what the kill left behind and loads exactly what the file holds.
            using (var store = new LocalTokenStore(new StorageSettings(_directory.Path, StorageKind.Local, ""), TimeProvider.System, NullLogger<LocalTokenStore>.Instance))
            {
                var loaded = await store.LoadAsync(ct);
                Assert.Equal(after.Keys.Order(), loaded.Select(t => t.Token.Token).Order());
            }

            Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));
        }

        var final = ReadTokens();
        var extra = final["eyJhbGciOiJIUzI1NiJ9.canonical-super-1"].Extra!["x_extra"].GetProperty("a");
        Assert.Equal(["1", "2.5", "null", "\"ü\""], extra.EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? $"\"{e.GetString()}\"" : e.GetRawText()));
        Assert.True(acknowledged.Count >= Cycles);
        Assert.True(lastConfigAck >= Cycles, $"only {lastConfigAck} config writes were acknowledged");
        TestContext.Current.TestOutputHelper?.WriteLine($"{Cycles} kills in {clock.Elapsed}, {acknowledged.Count} tokens and {lastConfigAck} config writes acknowledged, {leftoversSeen} temp files left by kills");
    }

    private async Task<long> ReadConfigRoundAsync(CancellationToken cancellationToken)
    {
        using var store = new LocalConfigStore(_directory.Path, NullLogger<LocalConfigStore>.Instance);
        var tree = await store.LoadAsync(cancellationToken);
        Assert.NotNull(tree);
        var value = tree["app"]?["public_key"]?.GetValue<string>() ?? "";
        if (value.Length == 0)
        {
            return 0;
        }

        var round = KillHarness.ConfigChurnValues.RoundOf(value);
        Assert.Equal(KillHarness.ConfigChurnValues.ValueFor(round), value);
        return round;
    }

    private Dictionary<string, StoredToken> ReadTokens()
    {
        var result = TokenFileCodec.Read(File.ReadAllBytes(TokenFile), TokenFile, 0);
        Assert.Empty(result.Warnings);
        return result.Document.ToPooledTokens().ToDictionary(t => t.Token.Token, t => t.Token, StringComparer.Ordinal);
    }
}
