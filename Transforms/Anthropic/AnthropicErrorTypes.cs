namespace Grok2Api.Transforms.Anthropic;

/// <summary>The <c>error.type</c> values of the Anthropic Messages API and the HTTP status each goes with.</summary>
public static class AnthropicErrorTypes
{
    /// <summary>400 (and other 4xx without a type of their own): the request's format or content.</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>401: a missing or wrong API key.</summary>
    public const string Authentication = "authentication_error";

    /// <summary>403: the key may not use the resource.</summary>
    public const string Permission = "permission_error";

    /// <summary>404: an unknown model or path.</summary>
    public const string NotFound = "not_found_error";

    /// <summary>413: the body is too large.</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>429: a rate limit.</summary>
    public const string RateLimit = "rate_limit_error";

    /// <summary>500 and other 5xx: an error of the service.</summary>
    public const string Api = "api_error";

    /// <summary>529 and 503: the service is overloaded for now.</summary>
    public const string Overloaded = "overloaded_error";

    /// <summary>The error type Anthropic uses for an HTTP status.</summary>
    /// <param name="status">The status.</param>
    public static string For(int status) => status switch
    {
        401 => Authentication,
        403 => Permission,
        404 => NotFound,
        413 => RequestTooLarge,
        429 => RateLimit,
        503 or 529 => Overloaded,
        >= 500 => Api,
        _ => InvalidRequest,
    };
}
