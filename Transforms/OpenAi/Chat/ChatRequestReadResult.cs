namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// What <see cref="ChatRequestReader"/> made of a request body: a validated
/// <see cref="ChatCompletionRequest"/>, or the 400 error to answer with.
/// </summary>
public sealed class ChatRequestReadResult
{
    private ChatRequestReadResult(ChatCompletionRequest? request, OpenAiError? error)
    {
        Request = request;
        Error = error;
    }

    /// <summary>The HTTP status of every <see cref="Error"/>: 400.</summary>
    public const int ErrorStatusCode = 400;

    /// <summary>The validated request; null when <see cref="Error"/> is set.</summary>
    public ChatCompletionRequest? Request { get; }

    /// <summary>The error (type <c>invalid_request_error</c>, one of <see cref="ChatRequestErrorCodes"/>); null on success.</summary>
    public OpenAiError? Error { get; }

    /// <summary>Whether the body was valid.</summary>
    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Request is not null;

    /// <summary>A valid request.</summary>
    /// <param name="request">The request.</param>
    public static ChatRequestReadResult Success(ChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request, null);
    }

    /// <summary>An invalid request.</summary>
    /// <param name="error">The error to answer with.</param>
    public static ChatRequestReadResult Failure(OpenAiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
