using Microsoft.Extensions.Options;

namespace Grok2Api.Configuration;

/// <summary>
/// <see cref="IOptions{TOptions}"/> over a live monitor, so a consumer that asks for
/// <c>IOptions&lt;T&gt;</c> gets the real config (the current one at each read) rather than an
/// unbound default instance.
/// </summary>
/// <typeparam name="T">The whole config or one of its sections.</typeparam>
internal sealed class LiveOptions<T>(IOptionsMonitor<T> monitor) : IOptions<T>
    where T : class
{
    public T Value => monitor.CurrentValue;
}
