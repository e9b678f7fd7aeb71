using System.Diagnostics.CodeAnalysis;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// What <see cref="ChatPromptBuilder"/> made of a conversation: the flattened
/// <see cref="ChatPrompt"/>, or the 400 error to answer with (code <c>empty_prompt</c>).
/// </summary>
public sealed class ChatPromptResult
{
    private ChatPromptResult(ChatPrompt? prompt, OpenAiError? error)
    {
        Prompt = prompt;
        Error = error;
    }

    /// <summary>The HTTP status of every <see cref="Error"/>: 400.</summary>
    public const int ErrorStatusCode = 400;

    /// <summary>The prompt; null when <see cref="Error"/> is set.</summary>
    public ChatPrompt? Prompt { get; }

    /// <summary>The error; null on success.</summary>
    public OpenAiError? Error { get; }

    /// <summary>Whether a prompt was built.</summary>
    [MemberNotNullWhen(true, nameof(Prompt))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Prompt is not null;

    /// <summary>A prompt.</summary>
    /// <param name="prompt">The prompt.</param>
    public static ChatPromptResult Success(ChatPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return new(prompt, null);
    }

    /// <summary>No prompt can be built.</summary>
    /// <param name="error">The error to answer with.</param>
    public static ChatPromptResult Failure(OpenAiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
