namespace Grok2Api.Simulator.Accounts;

/// <summary>How many quota units one chat costs, by upstream model mode (docs/grok-protocol.md §10).</summary>
public static class ModelCosts
{
    /// <summary>Returns 4 for MODEL_MODE_HEAVY, MODEL_MODE_EXPERT and MODEL_MODE_GROK_4_1_THINKING, otherwise 1.</summary>
    public static int Of(string? modelMode) => modelMode switch
    {
        "MODEL_MODE_HEAVY" or "MODEL_MODE_EXPERT" or "MODEL_MODE_GROK_4_1_THINKING" => 4,
        _ => 1,
    };
}
