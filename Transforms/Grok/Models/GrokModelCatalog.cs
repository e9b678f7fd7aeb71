using System.Collections.Frozen;

namespace Grok2Api.Transforms.Grok.Models;

/// <summary>
/// The public model table: each OpenAI model id with the <c>modelName</c> and <c>modelMode</c> the
/// Grok conversation request carries for it, what it does, which accounts may serve it and what it
/// costs. Tier follows the original code (the original documentation's "Basic/Super" for the 4.1
/// expert and thinking models is wrong: the upstream serves them to super accounts only); imagine
/// models cost 4.
/// </summary>
public static class GrokModelCatalog
{
    private const int Low = 1;
    private const int High = 4;

    /// <summary>Every model, in listing order.</summary>
    public static IReadOnlyList<ModelInfo> All { get; } =
    [
        new("grok-3", "grok-3", "MODEL_MODE_GROK_3", ModelTier.Basic, Low, ModelCapability.Chat, "Grok 3"),
        new("grok-3-mini", "grok-3", "MODEL_MODE_GROK_3_MINI_THINKING", ModelTier.Basic, Low, ModelCapability.Chat, "Grok 3 Mini"),
        new("grok-3-thinking", "grok-3", "MODEL_MODE_GROK_3_THINKING", ModelTier.Basic, Low, ModelCapability.Chat, "Grok 3 Thinking"),
        new("grok-4", "grok-4", "MODEL_MODE_GROK_4", ModelTier.Basic, Low, ModelCapability.Chat, "Grok 4"),
        new("grok-4-mini", "grok-4-mini", "MODEL_MODE_GROK_4_MINI_THINKING", ModelTier.Basic, Low, ModelCapability.Chat, "Grok 4 Mini"),
        new("grok-4-thinking", "grok-4", "MODEL_MODE_GROK_4_THINKING", ModelTier.Basic, Low, ModelCapability.Chat, "Grok 4 Thinking"),
        new("grok-4-heavy", "grok-4", "MODEL_MODE_HEAVY", ModelTier.Super, High, ModelCapability.Chat, "Grok 4 Heavy"),
        new("grok-4.1-mini", "grok-4-1-thinking-1129", "MODEL_MODE_GROK_4_1_MINI_THINKING", ModelTier.Basic, Low, ModelCapability.Chat, "Grok 4.1 Mini"),
        new("grok-4.1-fast", "grok-4-1-thinking-1129", "MODEL_MODE_FAST", ModelTier.Basic, Low, ModelCapability.Chat, "Grok 4.1 Fast"),
        new("grok-4.1-expert", "grok-4-1-thinking-1129", "MODEL_MODE_EXPERT", ModelTier.Super, High, ModelCapability.Chat, "Grok 4.1 Expert"),
        new("grok-4.1-thinking", "grok-4-1-thinking-1129", "MODEL_MODE_GROK_4_1_THINKING", ModelTier.Super, High, ModelCapability.Chat, "Grok 4.1 Thinking"),
        new("grok-imagine-1.0", "grok-3", "MODEL_MODE_FAST", ModelTier.Basic, High, ModelCapability.Image, "Grok Imagine 1.0"),
        new("grok-imagine-1.0-edit", "imagine-image-edit", null, ModelTier.Basic, High, ModelCapability.ImageEdit, "Grok Imagine 1.0 Edit"),
        new("grok-imagine-1.0-video", "grok-3", null, ModelTier.Basic, High, ModelCapability.Video, "Grok Imagine 1.0 Video"),
    ];

    private static readonly FrozenDictionary<string, ModelInfo> ById =
        All.ToFrozenDictionary(m => m.Id, StringComparer.Ordinal);

    /// <summary>Finds a model by its public id (exact, case-sensitive, as OpenAI ids are).</summary>
    /// <param name="id">The public model id.</param>
    /// <param name="model">The model, when found.</param>
    /// <returns>Whether the id is known.</returns>
    public static bool TryGet(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelInfo? model)
    {
        if (id is null)
        {
            model = null;
            return false;
        }

        return ById.TryGetValue(id, out model);
    }
}
