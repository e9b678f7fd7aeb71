using Microsoft.Extensions.Options;

namespace Grok2Api.Storage.KillHarness;

/// <summary>An options monitor over a value that never changes.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
