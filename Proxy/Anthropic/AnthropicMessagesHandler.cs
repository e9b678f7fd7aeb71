using System.Security.Cryptography;
using System.Text.Json;
using Grok2Api.Transforms.Anthropic;
using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Proxy.Anthropic;

/// <summary>
/// <c>POST /v1/messages</c> and <c>POST /v1/messages/count_tokens</c>, the Anthropic Messages API
/// (docs/adr/0004): the same admission as chat completions (the shared <see cref="OpenAiRequestGate"/>,
/// whose errors come out in Anthropic's shape on these paths), the body read by
/// <see cref="AnthropicRequestReader"/> into a neutral conversation, the model resolved through the
/// aliases (<c>[model_alias]</c>) and echoed back as the client named it, the attachments loaded in a
/// concurrency slot, and the answer run by the <see cref="UpstreamPipeline"/> and written through the
/// <see cref="AnthropicSurface"/>. <c>count_tokens</c> counts the prompt that would be sent upstream.
/// </summary>
internal sealed class AnthropicMessagesHandler(
    OpenAiRequestGate gate,
    ConversationRunner runner,
    IModelAliasSource aliases)
{
    private const string IdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary><c>POST /v1/messages</c>.</summary>
    /// <param name="context">The request.</param>
    public async Task HandleAsync(HttpContext context)
    {
        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        var read = await ReadAsync(context, body.Memory, countTokens: false);
        if (read is null)
        {
            return;
        }

        var (request, model, prompt) = read.Value;
        var conversation = request.Conversation;
        var options = new AnthropicAnswerOptions
        {
            MessageId = "msg_" + new string(RandomNumberGenerator.GetItems<char>(IdAlphabet, 24)),
            Model = request.Model,
            Stream = request.Stream,
            Thinking = request.Thinking,
            InputTokens = ChatTokenCounter.Count(prompt.Message),
        };
        await runner.RunAsync(
            context, model, prompt, conversation.Options, new AnthropicSurface(request, options),
            error => AnthropicErrorWriter.WriteAsync(context, 400, AnthropicError.InvalidRequest(error.Param is { } param ? $"{param}: {error.Message}" : error.Message)),
            "messages");
    }

    /// <summary><c>POST /v1/messages/count_tokens</c>: <c>{"input_tokens": N}</c>, the count of the flattened upstream prompt.</summary>
    /// <param name="context">The request.</param>
    public async Task CountTokensAsync(HttpContext context)
    {
        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        var read = await ReadAsync(context, body.Memory, countTokens: true);
        if (read is null)
        {
            return;
        }

        var tokens = ChatTokenCounter.Count(read.Value.Prompt.Message);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteNumber("input_tokens"u8, tokens);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    // The body, the model and the prompt; null when the error (400 or 404) was written.
    private async Task<(AnthropicRequest Request, ModelInfo Model, GrokPrompt Prompt)?> ReadAsync(HttpContext context, ReadOnlyMemory<byte> json, bool countTokens)
    {
        if (!AnthropicRequestReader.TryRead(json, countTokens, out var request, out var error))
        {
            await AnthropicErrorWriter.WriteAsync(context, 400, error);
            return null;
        }

        if (!aliases.Current.TryResolve(request.Model, out var model))
        {
            context.Items[ProxyTelemetry.ModelItemKey] = "unknown";
            await AnthropicErrorWriter.WriteAsync(context, 404, new AnthropicError(AnthropicErrorTypes.NotFound,
                $"model: the model '{OpenAiRequestGate.Echo(request.Model)}' does not exist. GET /v1/models lists the available models; [model_alias] maps other names to them."));
            return null;
        }

        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        if (model.Capability != ModelCapability.Chat)
        {
            await AnthropicErrorWriter.WriteAsync(context, 400, AnthropicError.InvalidRequest(
                $"model: the model '{model.Id}' does not chat (it generates {(model.Capability == ModelCapability.Video ? "videos" : "images")}) and is not served by the Messages API."));
            return null;
        }

        var prompt = GrokPromptBuilder.Build(request.Conversation);
        if (!prompt.HasText && !countTokens)
        {
            await AnthropicErrorWriter.WriteAsync(context, 400, AnthropicError.InvalidRequest(
                "messages: the conversation has no text. Add a text block; images and documents alone are not enough."));
            return null;
        }

        return (request, model, prompt);
    }
}
