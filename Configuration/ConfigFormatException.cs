namespace Grok2Api.Configuration;

/// <summary>The stored config does not parse, or a value is invalid. The message names the file, line or key and the reason.</summary>
public sealed class ConfigFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConfigFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ConfigFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
