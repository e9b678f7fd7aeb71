using System.Globalization;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.KillHarness;

/// <summary>
/// Adds new tokens and mutates existing ones (quota, counters, pool moves) through the real
/// write-behind, flushes, and then prints <c>ACK &lt;token&gt;</c> for every added token, which is
/// durable at that point.
/// </summary>
internal sealed class TokenChurnLoop(HarnessTokenSource source, ITokenWriteBehind writeBehind, HarnessOutput output, TimeProvider timeProvider, Random random) : IHarnessLoop
{
    private static readonly string[] Pools = [TokenPools.Basic, TokenPools.Super, "ssoHarness"];
    private static readonly string[] Notes = ["", "harness", "测试账号 ✓", "emoji 🚀 note"];
    private readonly string _runId = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))[..8];
    private long _sequence;

    public async Task RunAsync(int iterations, CancellationToken cancellationToken)
    {
        for (var round = 0; iterations == 0 || round < iterations; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var added = Add(random.Next(1, 4));
            Mutate(random.Next(0, 6));
            await writeBehind.FlushAsync(cancellationToken);
            output.WriteLines(added.Select(token => "ACK " + token).ToArray());
        }
    }

    private List<string> Add(int count)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var added = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var token = string.Create(CultureInfo.InvariantCulture, $"kh-{_runId}-{++_sequence:D6}-{random.NextInt64():x16}");
            var pool = Pools[random.Next(Pools.Length)];
            source.Set(new PooledToken(pool, new StoredToken
            {
                Token = token,
                Quota = TokenDefaults.QuotaFor(pool),
                CreatedAt = now,
                Note = Notes[random.Next(Notes.Length)],
            }));
            writeBehind.MarkDirty(token);
            added.Add(token);
        }

        return added;
    }

    private void Mutate(int count)
    {
        var tokens = source.Tokens;
        for (var i = 0; i < count && tokens.Count > 0; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            if (!source.TryGet(token, out var current))
            {
                continue;
            }

            var pool = random.Next(10) == 0 ? Pools[random.Next(2)] : current.Pool;
            source.Set(new PooledToken(pool, current.Token with
            {
                Quota = Math.Max(0, current.Token.Quota - 1),
                UseCount = current.Token.UseCount + 1,
                LastUsedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            }));
            writeBehind.MarkDirty(token);
        }
    }
}
