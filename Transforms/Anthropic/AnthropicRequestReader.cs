using Grok2Api.Transforms.Json;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Anthropic;

/// <summary>
/// Reads and validates the JSON body of <c>POST /v1/messages</c> (and of <c>/v1/messages/count_tokens</c>,
/// which takes the same body without <c>max_tokens</c>) into an <see cref="AnthropicRequest"/>, or the
/// Anthropic 400 naming the field at fault. Pure: no I/O, thread-safe.
/// </summary>
/// <remarks>
/// <para>Read: <c>model</c> (a non-empty string; whether it exists is the caller's 404),
/// <c>max_tokens</c> (an integer of at least 1; required unless counting), <c>messages</c>,
/// <c>system</c>, <c>stop_sequences</c> (at most <see cref="MaxStopSequences"/> non-empty strings),
/// <c>temperature</c> (0 to 1), <c>top_p</c> (0 to 1), <c>top_k</c> (an integer, accepted and
/// dropped: the upstream takes none), <c>thinking</c>, <c>tools</c>, <c>tool_choice</c>,
/// <c>metadata</c> (an object, dropped) and <c>stream</c>. JSON null means absent. Other properties
/// (<c>service_tier</c>, <c>container</c>, ...) are accepted and dropped, as are <c>cache_control</c>
/// marks anywhere.</para>
/// <para><c>thinking</c>: <c>{"type":"enabled","budget_tokens":N}</c> (N at least 1024 and below
/// <c>max_tokens</c>; the upstream takes no budget, so N only passes the check), <c>adaptive</c> or <c>between_tools</c>
/// show the model's reasoning as <c>thinking</c> blocks; <c>disabled</c> or no <c>thinking</c> asks the
/// upstream for no reasoning (effort <c>none</c>) and shows none.</para>
/// </remarks>
public static class AnthropicRequestReader
{
    /// <summary>The most stop sequences a request may give (each one costs work per byte of the answer).</summary>
    public const int MaxStopSequences = 64;

    private const int MinThinkingBudget = 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new();

    /// <summary>Reads a request body.</summary>
    /// <param name="utf8Json">The whole body, UTF-8 JSON.</param>
    /// <param name="countTokens">True for <c>count_tokens</c>: <c>max_tokens</c> and <c>stream</c> are not read.</param>
    /// <param name="request">The request, when valid.</param>
    /// <param name="error">The 400 error, when not.</param>
    /// <returns>Whether the body is a valid request.</returns>
    public static bool TryRead(
        ReadOnlyMemory<byte> utf8Json,
        bool countTokens,
        [NotNullWhen(true)] out AnthropicRequest? request,
        [NotNullWhen(false)] out AnthropicError? error)
    {
        request = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = AnthropicError.InvalidRequest(
                $"The request body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = AnthropicError.InvalidRequest($"The request body should be a JSON object, not {JsonKindNames.Describe(root.ValueKind)}.");
                return false;
            }

            // Every string must decode before any is read (an unpaired surrogate escape would otherwise throw later).
            if (ChatJsonStrings.FindUndecodable(new ReadOnlySequence<byte>(utf8Json)) is { } undecodable)
            {
                error = AnthropicError.InvalidRequest(undecodable.Message);
                return false;
            }

            error = Read(root, countTokens, out request);
            return error is null;
        }
    }

    private static AnthropicError? Read(JsonElement root, bool countTokens, out AnthropicRequest? request)
    {
        request = null;
        if (AnthropicJson.RequiredString(root, "model", "model", out var model) is { } modelError)
        {
            return modelError;
        }

        if (model.Length == 0)
        {
            return AnthropicJson.Invalid("model", "String should have at least 1 character");
        }

        int? maxTokens = null;
        if (!countTokens)
        {
            if (!AnthropicJson.TryGet(root, "max_tokens", out var maxValue))
            {
                return AnthropicJson.Missing("max_tokens");
            }

            if (AnthropicJson.Integer(maxValue, "max_tokens", 1, out var max) is { } maxError)
            {
                return maxError;
            }

            maxTokens = max;
        }

        var messages = new List<ConversationMessage>();
        IReadOnlyList<string> stops = [];
        double? temperature = null;
        double? topP = null;
        var thinking = false;
        ToolSet? tools = null;
        var error = AnthropicMessageReader.ReadSystem(root, messages);
        error ??= AnthropicMessageReader.ReadMessages(root, messages);
        error ??= ReadStopSequences(root, out stops);
        error ??= AnthropicJson.OptionalNumber(root, "temperature", 0, 1, out temperature);
        error ??= AnthropicJson.OptionalNumber(root, "top_p", 0, 1, out topP);
        error ??= ReadTopK(root);
        error ??= ReadThinking(root, maxTokens, out thinking);
        error ??= AnthropicToolReader.Read(root, out tools);
        error ??= ReadMetadata(root);
        if (error is not null)
        {
            return error;
        }

        bool? stream = null;
        if (!countTokens && AnthropicJson.OptionalBoolean(root, "stream", out stream) is { } streamError)
        {
            return streamError;
        }

        var conversation = new Conversation(model, messages, new GenerationOptions(temperature, topP, thinking ? null : "none")) { Tools = tools };
        request = new AnthropicRequest(conversation)
        {
            MaxTokens = maxTokens,
            StopSequences = stops,
            Stream = stream ?? false,
            Thinking = thinking,
        };
        return null;
    }

    private static AnthropicError? ReadStopSequences(JsonElement root, out IReadOnlyList<string> stops)
    {
        stops = [];
        if (!AnthropicJson.TryGet(root, "stop_sequences", out var list))
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return AnthropicJson.WrongType("stop_sequences", "an array of strings", list.ValueKind);
        }

        if (list.GetArrayLength() > MaxStopSequences)
        {
            return AnthropicJson.Invalid("stop_sequences", $"at most {MaxStopSequences} stop sequences are accepted");
        }

        var read = new List<string>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = AnthropicJson.Index("stop_sequences", index++);
            if (AnthropicJson.String(item, path, out var text) is { } error)
            {
                return error;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return AnthropicJson.Invalid(path, "stop sequences must contain non-whitespace");
            }

            read.Add(text);
        }

        stops = read;
        return null;
    }

    private static AnthropicError? ReadTopK(JsonElement root) =>
        AnthropicJson.TryGet(root, "top_k", out var value) ? AnthropicJson.Integer(value, "top_k", 0, out _) : null;

    private static AnthropicError? ReadMetadata(JsonElement root) =>
        AnthropicJson.TryGet(root, "metadata", out var value) && value.ValueKind != JsonValueKind.Object
            ? AnthropicJson.WrongType("metadata", "an object", value.ValueKind)
            : null;

    private static AnthropicError? ReadThinking(JsonElement root, int? maxTokens, out bool thinking)
    {
        thinking = false;
        if (!AnthropicJson.TryGet(root, "thinking", out var value))
        {
            return null;
        }

        if (AnthropicJson.TypedObject(value, "thinking", out var type) is { } typeError)
        {
            return typeError;
        }

        switch (type)
        {
            case "disabled":
                return null;
            case "adaptive" or "between_tools":
                thinking = true;
                return null;
            case "enabled":
                if (!AnthropicJson.TryGet(value, "budget_tokens", out var budgetValue))
                {
                    return AnthropicJson.Missing("thinking.enabled.budget_tokens");
                }

                if (AnthropicJson.Integer(budgetValue, "thinking.enabled.budget_tokens", MinThinkingBudget, out var budget) is { } budgetError)
                {
                    return budgetError;
                }

                if (maxTokens is { } max && budget >= max)
                {
                    return AnthropicError.InvalidRequest("`max_tokens` must be greater than `thinking.budget_tokens`.");
                }

                thinking = true;
                return null;
            default:
                return AnthropicJson.Invalid("thinking.type", $"Input should be 'enabled', 'disabled', 'adaptive' or 'between_tools', not '{AnthropicJson.Echo(type)}'");
        }
    }
}
