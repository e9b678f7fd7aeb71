using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;

namespace Grok2Api.Simulator.Chat;

/// <summary>Builders for the in-stream error shapes (docs/grok-protocol.md §6.3).</summary>
public sealed partial record ChatLine
{
    /// <summary>Top-level <c>{"error":{"code":7,"message":"…anti-bot…"}}</c>.</summary>
    public static ChatLine AntiBotError(string? message = null) =>
        new("antiBotError", _ => Json(message is null ? ErrorBodies.AntiBot() : ErrorBodies.Grpc(7, message)));

    /// <summary><c>{"result":{"response":{"error":{"message":"You've reached your usage limit. Please try again later."}}}}</c>.</summary>
    public static ChatLine UsageLimitError() => new("usageLimitError", c => Json(ErrorBodies.UsageLimit(c.ResponseId)));

    /// <summary>A <c>modelResponse</c> with an empty message and a <c>streamErrors</c> array.</summary>
    public static ChatLine StreamErrors(string message = "Model stream was interrupted.") => new("streamErrors", c =>
    {
        var model = ModelEnvelope(c, string.Empty);
        model["streamErrors"] = new JsonArray(new JsonObject { ["code"] = 13, ["message"] = message });
        return Json(Wrap(new JsonObject { ["modelResponse"] = model }, c.ResponseId));
    });
}
