using Microsoft.Extensions.Options;

namespace Grok2Api.Storage.Tests.Tokens;

/// <summary>An options monitor whose value a test can change at any time.</summary>
internal sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
