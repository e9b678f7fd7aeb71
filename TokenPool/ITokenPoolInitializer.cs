namespace Grok2Api.TokenPool;

/// <summary>Loads the stored tokens into the pool. The host calls it once at startup, before serving.</summary>
public interface ITokenPoolInitializer
{
    /// <summary>Loads every stored token and connects the write-behind. Later calls do nothing.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    Task InitializeAsync(CancellationToken cancellationToken);
}
