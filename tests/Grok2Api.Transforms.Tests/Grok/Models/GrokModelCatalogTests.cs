using Grok2Api.Transforms.Grok.Models;

namespace Grok2Api.Transforms.Tests.Grok.Models;

public sealed class GrokModelCatalogTests
{
    // The table as it stood in TokenPool before it moved here: id, upstream name, upstream mode, tier, cost, capability, display name.
    private static readonly (string Id, string Name, string? Mode, ModelTier Tier, int Cost, ModelCapability Capability, string Display)[] Expected =
    [
        ("grok-3", "grok-3", "MODEL_MODE_GROK_3", ModelTier.Basic, 1, ModelCapability.Chat, "Grok 3"),
        ("grok-3-mini", "grok-3", "MODEL_MODE_GROK_3_MINI_THINKING", ModelTier.Basic, 1, ModelCapability.Chat, "Grok 3 Mini"),
        ("grok-3-thinking", "grok-3", "MODEL_MODE_GROK_3_THINKING", ModelTier.Basic, 1, ModelCapability.Chat, "Grok 3 Thinking"),
        ("grok-4", "grok-4", "MODEL_MODE_GROK_4", ModelTier.Basic, 1, ModelCapability.Chat, "Grok 4"),
        ("grok-4-mini", "grok-4-mini", "MODEL_MODE_GROK_4_MINI_THINKING", ModelTier.Basic, 1, ModelCapability.Chat, "Grok 4 Mini"),
        ("grok-4-thinking", "grok-4", "MODEL_MODE_GROK_4_THINKING", ModelTier.Basic, 1, ModelCapability.Chat, "Grok 4 Thinking"),
        ("grok-4-heavy", "grok-4", "MODEL_MODE_HEAVY", ModelTier.Super, 4, ModelCapability.Chat, "Grok 4 Heavy"),
        ("grok-4.1-mini", "grok-4-1-thinking-1129", "MODEL_MODE_GROK_4_1_MINI_THINKING", ModelTier.Basic, 1, ModelCapability.Chat, "Grok 4.1 Mini"),
        ("grok-4.1-fast", "grok-4-1-thinking-1129", "MODEL_MODE_FAST", ModelTier.Basic, 1, ModelCapability.Chat, "Grok 4.1 Fast"),
        ("grok-4.1-expert", "grok-4-1-thinking-1129", "MODEL_MODE_EXPERT", ModelTier.Super, 4, ModelCapability.Chat, "Grok 4.1 Expert"),
        ("grok-4.1-thinking", "grok-4-1-thinking-1129", "MODEL_MODE_GROK_4_1_THINKING", ModelTier.Super, 4, ModelCapability.Chat, "Grok 4.1 Thinking"),
        ("grok-imagine-1.0", "grok-3", "MODEL_MODE_FAST", ModelTier.Basic, 4, ModelCapability.Image, "Grok Imagine 1.0"),
        ("grok-imagine-1.0-edit", "imagine-image-edit", null, ModelTier.Basic, 4, ModelCapability.ImageEdit, "Grok Imagine 1.0 Edit"),
        ("grok-imagine-1.0-video", "grok-3", null, ModelTier.Basic, 4, ModelCapability.Video, "Grok Imagine 1.0 Video"),
    ];

    [Fact]
    public void All_IsTheFormerTable_InListingOrder()
    {
        var actual = GrokModelCatalog.All
            .Select(m => (m.Id, m.UpstreamModelName, m.UpstreamModelMode, m.Tier, m.Cost, m.Capability, m.DisplayName))
            .ToArray();

        Assert.Equal(Expected, actual);
    }

    [Fact]
    public void TryGet_EveryPublicId_FindsItsRow()
    {
        foreach (var row in Expected)
        {
            Assert.True(GrokModelCatalog.TryGet(row.Id, out var model));
            Assert.Equal(row.Name, model.UpstreamModelName);
            Assert.Equal(row.Mode, model.UpstreamModelMode);
            Assert.Equal(row.Tier, model.Tier);
            Assert.Equal(row.Cost, model.Cost);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GROK-3")]
    [InlineData("grok-5")]
    public void TryGet_UnknownOrWrongCase_NotFound(string? id)
    {
        Assert.False(GrokModelCatalog.TryGet(id, out var model));
        Assert.Null(model);
    }
}
