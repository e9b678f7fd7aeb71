namespace Grok2Api.Simulator.Accounts;

/// <summary>Mutable account state; every access holds the registry lock.</summary>
internal sealed class Account(string token, int remaining, int total, int windowSizeSeconds)
{
    public string Token { get; } = token;

    public int Remaining { get; set; } = remaining;

    public int Total { get; set; } = total;

    public int WindowSizeSeconds { get; set; } = windowSizeSeconds;

    public DateTimeOffset? WindowStart { get; set; }

    public void RefillIfWindowEnded(DateTimeOffset now)
    {
        if (WindowStart is { } start && now >= start.AddSeconds(WindowSizeSeconds))
        {
            Remaining = Total;
            WindowStart = null;
        }
    }

    public AccountSnapshot ToSnapshot() =>
        new(Token, Remaining, Total, WindowSizeSeconds, WindowStart?.AddSeconds(WindowSizeSeconds));
}
