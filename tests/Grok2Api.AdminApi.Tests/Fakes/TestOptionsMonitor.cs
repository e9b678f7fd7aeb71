using Grok2Api.Configuration;
using Microsoft.Extensions.Options;

namespace Grok2Api.AdminApi.Tests.Fakes;

/// <summary>A config whose value a test changes in place, as a live config edit would.</summary>
internal sealed class TestOptionsMonitor(GrokConfig value) : IOptionsMonitor<GrokConfig>
{
    public GrokConfig CurrentValue { get; set; } = value;

    public GrokConfig Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<GrokConfig, string?> listener) => null;

    public void SetAppKey(string appKey) => CurrentValue = CurrentValue with { App = CurrentValue.App with { AppKey = appKey } };
}
