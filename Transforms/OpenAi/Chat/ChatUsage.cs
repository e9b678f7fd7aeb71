namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>Estimated token counts of one answer (o200k_base, see <see cref="ChatTokenCounter"/>).</summary>
/// <param name="PromptTokens">Tokens of the flattened prompt.</param>
/// <param name="CompletionTokens">Tokens of everything sent: content plus reasoning.</param>
/// <param name="ReasoningTokens">Tokens of the reasoning text sent (0 when hidden).</param>
internal readonly record struct ChatUsage(int PromptTokens, int CompletionTokens, int ReasoningTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Writes the OpenAI <c>usage</c> object as the value of the current property.</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("prompt_tokens"u8, PromptTokens);
        json.WriteNumber("completion_tokens"u8, CompletionTokens);
        json.WriteNumber("total_tokens"u8, TotalTokens);
        json.WriteStartObject("prompt_tokens_details"u8);
        json.WriteNumber("cached_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details"u8);
        json.WriteNumber("reasoning_tokens"u8, ReasoningTokens);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
