namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>
/// Tests that read exact metric values run alone: OpenTelemetry's listener matches meters by name
/// across the process, so every gateway running in parallel would show up in each scrape.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
