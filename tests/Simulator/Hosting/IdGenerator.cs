using System.Globalization;

namespace Grok2Api.Simulator.Hosting;

/// <summary>Deterministic UUID-shaped ids (<c>00000000-0000-4000-8000-00000000000n</c>), unique per simulator.</summary>
internal sealed class IdGenerator
{
    private long _next;

    public string Next()
    {
        var n = Interlocked.Increment(ref _next);
        return "00000000-0000-4000-8000-" + n.ToString("x12", CultureInfo.InvariantCulture);
    }
}
