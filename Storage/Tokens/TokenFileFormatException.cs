namespace Grok2Api.Storage.Tokens;

/// <summary>
/// <c>token.json</c> is not valid JSON, or its top level is not an object of pools. The message
/// names the file and the position. The file is never overwritten while it is in this state.
/// </summary>
public sealed class TokenFileFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TokenFileFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the file and the position.</param>
    public TokenFileFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong, naming the file and the position.</param>
    /// <param name="innerException">The parser's error.</param>
    public TokenFileFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
