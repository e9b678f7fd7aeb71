using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Models;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>A chat completions request ready for the pipeline: validated, its model known, in neutral form and flattened for Grok.</summary>
/// <param name="Request">The validated OpenAI request (stream and usage options).</param>
/// <param name="Model">The model of the catalogue it asked for; a chat model.</param>
/// <param name="Conversation">The request in neutral form.</param>
/// <param name="Prompt">The conversation flattened into the Grok message, with the attachments in upload order; never without text.</param>
public sealed record ChatSurfaceRequest(ChatCompletionRequest Request, ModelInfo Model, Conversation Conversation, GrokPrompt Prompt);
