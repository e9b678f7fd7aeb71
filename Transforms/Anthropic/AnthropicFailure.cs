using Grok2Api.Transforms.OpenAi;

namespace Grok2Api.Transforms.Anthropic;

/// <summary>
/// An upstream failure as an Anthropic client sees it: the HTTP status, the error and, for a 429, the
/// Retry-After to send. The status and the message are the ones every surface gives a failure
/// (<see cref="OpenAiFailure"/> decides them once, so both protocols report a failure alike); the error
/// type is Anthropic's for that status, except that an unavailable upstream (503) is an
/// <c>overloaded_error</c>, which Anthropic clients retry.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Error">The error.</param>
/// <param name="RetryAfter">The Retry-After header value in whole seconds, for a 429; null otherwise.</param>
public sealed record AnthropicFailure(int Status, AnthropicError Error, string? RetryAfter)
{
    /// <summary>The Anthropic answer to a failure of a request for <paramref name="model"/>.</summary>
    /// <param name="failure">What failed (the last failure, when every account was tried).</param>
    /// <param name="model">The model name the client sent.</param>
    public static AnthropicFailure From(UpstreamFailure failure, string model)
    {
        var common = OpenAiFailure.From(failure, model);
        return new AnthropicFailure(common.Status, AnthropicError.ForStatus(common.Status, common.Error.Message), common.RetryAfter);
    }
}
