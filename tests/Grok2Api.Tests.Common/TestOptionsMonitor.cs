using Microsoft.Extensions.Options;

namespace Grok2Api.Tests.Common;

/// <summary>
/// Options whose value a test changes in place, as a live config edit would: setting
/// <see cref="CurrentValue"/> calls the <see cref="OnChange"/> listeners.
/// </summary>
/// <typeparam name="T">The whole config or one section.</typeparam>
public sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly List<Action<T, string?>> _listeners = [];
    private T _current = value;

    public T CurrentValue
    {
        get => Volatile.Read(ref _current);
        set
        {
            Action<T, string?>[] listeners;
            lock (_lock)
            {
                Volatile.Write(ref _current, value);
                listeners = [.. _listeners];
            }

            foreach (var listener in listeners)
            {
                listener(value, "");
            }
        }
    }

    public T Get(string? name) => CurrentValue;

    public void Update(Func<T, T> change) => CurrentValue = change(CurrentValue);

    public IDisposable? OnChange(Action<T, string?> listener)
    {
        lock (_lock)
        {
            _listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    private sealed class Subscription(TestOptionsMonitor<T> owner, Action<T, string?> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._listeners.Remove(listener);
            }
        }
    }
}
