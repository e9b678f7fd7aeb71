namespace Grok2Api.LoadBench;

/// <summary>A run that cannot go on (a child process did not start, the stack answered wrongly); reported as one line.</summary>
internal sealed class BenchException : Exception
{
    public BenchException()
    {
    }

    public BenchException(string message)
        : base(message)
    {
    }

    public BenchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
