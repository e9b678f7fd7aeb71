using Microsoft.Extensions.Logging;

namespace Grok2Api.Configuration;

/// <summary>The <c>OnChange</c> subscribers of a live option (the whole config or one section). Thread-safe.</summary>
/// <typeparam name="T">The option type the subscribers receive.</typeparam>
internal sealed class ConfigChangeListeners<T>(ILogger logger)
{
    private const string DefaultName = "";

    private readonly Lock _lock = new();
    private Action<T, string?>[] _listeners = [];

    public IDisposable Add(Action<T, string?> listener)
    {
        lock (_lock)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    /// <summary>Calls every listener; one that throws is logged and does not stop the others.</summary>
    public void Notify(T value)
    {
        Action<T, string?>[] listeners;
        lock (_lock)
        {
            listeners = _listeners;
        }

        foreach (var listener in listeners)
        {
            try
            {
                listener(value, DefaultName);
            }
#pragma warning disable CA1031 // A failing listener must not stop the others nor undo the change.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ConfigLog.ListenerFailed(logger, ex);
            }
        }
    }

    private void Remove(Action<T, string?> listener)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_listeners, listener);
            if (index >= 0)
            {
                _listeners = [.. _listeners[..index], .. _listeners[(index + 1)..]];
            }
        }
    }

    private sealed class Subscription(ConfigChangeListeners<T> owner, Action<T, string?> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(listener);
            }
        }
    }
}
