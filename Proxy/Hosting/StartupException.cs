namespace Grok2Api.Proxy.Hosting;

/// <summary>A problem that stops the service from starting; its message is shown to the operator as is.</summary>
internal sealed class StartupException(string message, Exception? innerException = null) : Exception(message, innerException);
