namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>The 400 errors of video requests, each naming its parameter.</summary>
public static class VideoRequestErrors
{
    /// <summary>A value that is not allowed.</summary>
    /// <param name="param">The parameter.</param>
    /// <param name="message">What is wrong.</param>
    public static OpenAiError Invalid(string param, string message) =>
        new(message, OpenAiErrorTypes.InvalidRequest, param, "invalid_value");

    /// <summary>A value of the wrong JSON type.</summary>
    /// <param name="param">The parameter.</param>
    /// <param name="expected">What it must be.</param>
    public static OpenAiError WrongType(string param, string expected) =>
        new($"'{param}' must be {expected}.", OpenAiErrorTypes.InvalidRequest, param, "invalid_type");

    /// <summary>A missing parameter.</summary>
    /// <param name="param">The parameter.</param>
    /// <param name="what">What it is for.</param>
    public static OpenAiError Missing(string param, string what) =>
        new($"'{param}' is required: {what}.", OpenAiErrorTypes.InvalidRequest, param, "missing_required_parameter");

    /// <summary>A client value quoted safely in a message: long values are cut.</summary>
    /// <param name="value">The value.</param>
    public static string Echo(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
