using System.Globalization;
using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Storage.KillHarness;

/// <summary>
/// Rewrites config.toml through the real live config and local store (a patch of
/// <c>app.public_key</c> to a value with a backslash, quotes, a newline and non-ASCII text), and
/// prints <c>CFG &lt;n&gt;</c> after each write of value <c>n</c> is durable.
/// </summary>
internal sealed class ConfigChurnLoop(LiveConfig config, HarnessOutput output) : IHarnessLoop
{
    public async Task RunAsync(int iterations, CancellationToken cancellationToken)
    {
        // Rounds continue from what the file holds, so they only grow across killed runs.
        var first = ConfigChurnValues.RoundOf(config.CurrentValue.App.PublicKey) + 1;
        for (var round = first; iterations == 0 || round < first + iterations; round++)
        {
            var patch = new JsonObject { ["app"] = new JsonObject { ["public_key"] = ConfigChurnValues.ValueFor(round) } };
            var result = await config.PatchAsync(patch, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("config patch refused: " + string.Join("; ", result.Errors));
            }

            output.WriteLines([string.Create(CultureInfo.InvariantCulture, $"CFG {round}")]);
        }
    }
}
