using Grok2Api.Configuration;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Tests.Upstream;

/// <summary>An options monitor whose value a test swaps, as a live config edit would.</summary>
internal sealed class TestConfigMonitor(GrokConfig initial) : IOptionsMonitor<GrokConfig>
{
    private GrokConfig _current = initial;

    public GrokConfig CurrentValue => Volatile.Read(ref _current);

    public GrokConfig Get(string? name) => CurrentValue;

    public void Set(GrokConfig config) => Volatile.Write(ref _current, config);

    public void Update(Func<GrokConfig, GrokConfig> change) => Set(change(CurrentValue));

    public IDisposable? OnChange(Action<GrokConfig, string?> listener) => null;
}
