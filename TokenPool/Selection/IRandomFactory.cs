namespace Grok2Api.TokenPool.Selection;

/// <summary>Creates the random source selection uses to break ties; tests swap in a scripted one.</summary>
internal interface IRandomFactory
{
    /// <summary>A new random source. The pool uses it under its lock only, so it need not be thread-safe.</summary>
    Random CreateRandomInstance();
}
