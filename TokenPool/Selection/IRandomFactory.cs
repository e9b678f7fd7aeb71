namespace Grok2Api.TokenPool.Selection;

/// <summary>Creates the random source selection uses to break ties; tests swap in a scripted one.</summary>
internal interface IRandomFactory
{
    /// <summary>A random source. The pool draws from it before taking its lock (TokenSelector), so it must be safe to use from several threads.</summary>
    Random CreateRandomInstance();
}
