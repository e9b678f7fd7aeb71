using System.Globalization;
using System.Text;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// The config.toml sections a chat test changes, with short timeouts and backoffs by default so
/// that failure paths finish quickly on real sockets.
/// </summary>
public sealed record ChatSettings
{
    /// <summary><c>chat.timeout</c>: seconds until the answer must start.</summary>
    public double Timeout { get; init; } = 5;

    /// <summary><c>chat.stream_timeout</c>: longest silence between upstream lines.</summary>
    public double StreamTimeout { get; init; } = 2;

    /// <summary><c>chat.queue_timeout</c>.</summary>
    public double QueueTimeout { get; init; } = 2;

    /// <summary><c>chat.concurrent</c>.</summary>
    public int Concurrent { get; init; } = 10;

    /// <summary><c>chat.max_body_mb</c>, when set.</summary>
    public int? MaxBodyMb { get; init; }

    /// <summary><c>chat.max_attachments</c>, when set.</summary>
    public int? MaxAttachments { get; init; }

    /// <summary><c>chat.max_inflight_mb</c>, when set.</summary>
    public int? MaxInflightMb { get; init; }

    /// <summary><c>chat.model_concurrency</c> as a TOML inline table, e.g. <c>{ "grok-4" = 1 }</c>, when set.</summary>
    public string? ModelConcurrency { get; init; }

    /// <summary><c>retry.max_retry</c>.</summary>
    public int MaxRetry { get; init; } = 3;

    /// <summary><c>token.auto_refresh</c>: off unless a test needs the quota re-sync scheduler.</summary>
    public bool AutoRefresh { get; init; }

    /// <summary>Extra lines of the [app] table (e.g. <c>api_key = "..."</c>).</summary>
    public string App { get; init; } = "";

    /// <summary>Extra lines of the [asset] table (e.g. <c>fetch_allow = ["127.0.0.1"]</c>).</summary>
    public string Asset { get; init; } = "";

    /// <summary>Lines of the [model_alias] table (e.g. <c>"claude-sonnet-4-5" = "grok-4.1-fast"</c>); no table when empty.</summary>
    public string ModelAlias { get; init; } = "";

    public string ToToml()
    {
        var toml = new StringBuilder();
        toml.Append(CultureInfo.InvariantCulture, $"""
            [app]
            {App}

            [chat]
            timeout = {Timeout}
            stream_timeout = {StreamTimeout}
            queue_timeout = {QueueTimeout}
            concurrent = {Concurrent}

            """);
        if (MaxBodyMb is { } maxBody)
        {
            toml.Append(CultureInfo.InvariantCulture, $"max_body_mb = {maxBody}\n");
        }

        if (MaxAttachments is { } maxAttachments)
        {
            toml.Append(CultureInfo.InvariantCulture, $"max_attachments = {maxAttachments}\n");
        }

        if (MaxInflightMb is { } maxInflight)
        {
            toml.Append(CultureInfo.InvariantCulture, $"max_inflight_mb = {maxInflight}\n");
        }

        if (ModelConcurrency is { } perModel)
        {
            toml.Append(CultureInfo.InvariantCulture, $"model_concurrency = {perModel}\n");
        }

        toml.Append(CultureInfo.InvariantCulture, $"""

            [retry]
            max_retry = {MaxRetry}
            retry_backoff_base = 0.05
            retry_backoff_max = 0.1
            retry_budget = 5

            [asset]
            {Asset}

            """);
        if (ModelAlias.Length > 0)
        {
            toml.Append(CultureInfo.InvariantCulture, $"\n[model_alias]\n{ModelAlias}\n");
        }

        return toml.ToString();
    }
}
