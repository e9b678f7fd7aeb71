using Grok2Api.Proxy.Attachments;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.Chat;

/// <summary>Everything one chat request needs for its attempts, fixed before the first account is leased.</summary>
internal sealed record ChatPlan(
    ChatCompletionRequest Request,
    ModelInfo Model,
    ChatPrompt Prompt,
    IReadOnlyList<LoadedAttachment> Files,
    ChatTranslationOptions Translation);
