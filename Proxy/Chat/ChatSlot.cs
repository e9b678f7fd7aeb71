using System.Threading.RateLimiting;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// The permits one chat request holds while it talks to the upstream: one of <c>chat.concurrent</c>
/// and, when its model has a limit in <c>chat.model_concurrency</c>, one of that. Disposing releases both.
/// </summary>
internal sealed class ChatSlot(RateLimitLease global, RateLimitLease? model) : IDisposable
{
    public void Dispose()
    {
        model?.Dispose();
        global.Dispose();
    }
}
