namespace Grok2Api.Simulator;

/// <summary>
/// Settings of one simulator instance. Read once at start; changing them afterwards has no effect
/// on the values copied into the accounts, but <see cref="LineDelay"/> and <see cref="ModelHash"/>
/// are read per request. In standalone mode they bind from the <c>Simulator</c> configuration section
/// (for example <c>--Simulator:RequireKnownTokens=true</c>).
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section the standalone host binds.</summary>
    public const string SectionName = "Simulator";

    /// <summary>When true, only tokens in <see cref="Tokens"/> or added through the account API are accepted; others get 401. Default false.</summary>
    public bool RequireKnownTokens { get; set; }

    /// <summary>Tokens known from the start (with the default quota).</summary>
    public IList<string> Tokens { get; } = new List<string>();

    /// <summary>Quota of a new account (remaining and total). Default 80.</summary>
    public int DefaultQuota { get; set; } = 80;

    /// <summary>Length of the quota window in seconds; a used-up window refills when it ends. Default 7200.</summary>
    public int WindowSizeSeconds { get; set; } = 7200;

    /// <summary>Delay before every chat stream line after the first. Default zero.</summary>
    public TimeSpan LineDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The <c>llmInfo.modelHash</c> sent on chat streams.</summary>
    public string ModelHash { get; set; } = "sim-model-hash-0001";

    /// <summary>Content-Type of the chat NDJSON stream. Default <c>application/json</c>.</summary>
    public string ChatContentType { get; set; } = "application/json";

    /// <summary>Write ASP.NET Core logs to the console. Default false (the standalone host turns it on).</summary>
    public bool ConsoleLogging { get; set; }

    /// <summary>Clock for timestamps, quota windows and stream delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
