namespace Grok2Api.Transforms.OpenAi;

/// <summary>Factories of the OpenAI errors the gateway answers with, so each message is written once.</summary>
public static class OpenAiErrors
{
    /// <summary>401 without a key.</summary>
    public static OpenAiErrorResponse MissingApiKey() => Create(
        "Missing API key. Send it in the header 'Authorization: Bearer <key>'.", OpenAiErrorTypes.Authentication, null, "invalid_api_key");

    /// <summary>401 with a wrong key.</summary>
    public static OpenAiErrorResponse InvalidApiKey() => Create(
        "Invalid API key.", OpenAiErrorTypes.Authentication, null, "invalid_api_key");

    /// <summary>429 once a client address has sent too many missing or wrong keys.</summary>
    /// <param name="retryAfterSeconds">The Retry-After value, in seconds.</param>
    public static OpenAiErrorResponse TooManyAuthFailures(string retryAfterSeconds) => Create(
        $"Too many requests with a missing or wrong API key from this address. Try again in {retryAfterSeconds} seconds.",
        OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded");

    /// <summary>404 for a model id that is not in the model table.</summary>
    /// <param name="model">The id the client asked for.</param>
    public static OpenAiErrorResponse ModelNotFound(string model) => Create(
        $"The model '{Truncate(model)}' does not exist. GET /v1/models lists the available models.", OpenAiErrorTypes.InvalidRequest, "model", "model_not_found");

    /// <summary>404 for a path that does not exist.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="path">The request path.</param>
    public static OpenAiErrorResponse UnknownRoute(string method, string path) => Create(
        $"Unknown request URL: {method} {Truncate(path)}.", OpenAiErrorTypes.InvalidRequest, null, "unknown_url");

    /// <summary>405 for a path that exists with another method.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="path">The request path.</param>
    public static OpenAiErrorResponse MethodNotAllowed(string method, string path) => Create(
        $"Method {method} is not allowed on {Truncate(path)}.", OpenAiErrorTypes.InvalidRequest, null, "method_not_allowed");

    /// <summary>500 for a bug; the request id lets an operator find the log entry.</summary>
    /// <param name="requestId">The request id sent back in <c>x-request-id</c>.</param>
    public static OpenAiErrorResponse Internal(string requestId) => Create(
        $"The server had an error while processing your request (request id {requestId}).", OpenAiErrorTypes.Server, null, "internal_error");

    /// <summary>An error with any status mapped to a type; used for generic status codes.</summary>
    /// <param name="message">The message.</param>
    /// <param name="type">The type.</param>
    /// <param name="param">The parameter at fault.</param>
    /// <param name="code">The code.</param>
    public static OpenAiErrorResponse Create(string message, string type, string? param, string? code) =>
        new(new OpenAiError(message, type, param, code));

    private static string Truncate(string value) => value.Length <= 200 ? value : string.Concat(value.AsSpan(0, 200), "…");
}
