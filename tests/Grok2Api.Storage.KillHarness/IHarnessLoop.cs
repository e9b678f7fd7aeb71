namespace Grok2Api.Storage.KillHarness;

/// <summary>One kind of durable-write churn the harness runs until it is killed. Each loop prints a line after each durable write.</summary>
internal interface IHarnessLoop
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires or <paramref name="iterations"/> rounds are done.</summary>
    /// <param name="iterations">How many rounds to run; 0 means until killed.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    Task RunAsync(int iterations, CancellationToken cancellationToken);
}
