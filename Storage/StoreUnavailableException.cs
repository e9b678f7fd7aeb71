namespace Grok2Api.Storage;

/// <summary>
/// The store could not be reached or did not answer in time. Its message names the store kind and
/// the failure, never the connection URL or a credential. It is an <see cref="IOException"/>, so code
/// that survives a failed file write survives a store outage the same way.
/// </summary>
public sealed class StoreUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, without credentials.</param>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed, without credentials.</param>
    /// <param name="innerException">The driver's exception.</param>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
