using Grok2Api.Simulator.Hosting;

namespace Grok2Api.Simulator.FeatureControls;

/// <summary>
/// What <c>UpdateUserFeatureControls</c> received and set: every call's body, the accounts with NSFW content on,
/// and per-account refusals. Thread-safe.
/// </summary>
public sealed class FeatureControlRegistry
{
    private readonly Lock _lock = new();
    private readonly List<FeatureControlCall> _calls = [];
    private readonly HashSet<string> _nsfw = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FeatureRefusal> _refusals = new(StringComparer.Ordinal);

    /// <summary>Calls in progress (the peak shows a client's concurrency limit).</summary>
    public InFlightCounter Requests { get; } = new();

    /// <summary>Every call received, in order.</summary>
    public IReadOnlyList<FeatureControlCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Whether the account turned "always show NSFW content" on.</summary>
    public bool IsNsfwEnabled(string token)
    {
        lock (_lock)
        {
            return _nsfw.Contains(token);
        }
    }

    /// <summary>Makes every later call of <paramref name="token"/> refused as <paramref name="refusal"/> says, until <see cref="Clear"/>.</summary>
    public void Refuse(string token, FeatureRefusal refusal)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(refusal);
        lock (_lock)
        {
            _refusals[token] = refusal;
        }
    }

    /// <summary>Forgets calls, flags and refusals.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _calls.Clear();
            _nsfw.Clear();
            _refusals.Clear();
        }
    }

    /// <summary>Records a call; returns the refusal that applies, if any.</summary>
    internal FeatureRefusal? Record(string token, ReadOnlyMemory<byte> body, bool valid)
    {
        lock (_lock)
        {
            _refusals.TryGetValue(token, out var refusal);
            _calls.Add(new FeatureControlCall(token, body.ToArray(), Accepted: valid && refusal is null));
            if (valid && refusal is null)
            {
                _nsfw.Add(token);
            }

            return refusal;
        }
    }
}

/// <summary>One UpdateUserFeatureControls call.</summary>
/// <param name="Token">The caller's token.</param>
/// <param name="Body">The request body, as sent (gRPC-web frames).</param>
/// <param name="Accepted">Whether it turned NSFW content on.</param>
public sealed record FeatureControlCall(string Token, byte[] Body, bool Accepted);
