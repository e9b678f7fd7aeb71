namespace Grok2Api.Storage.Tokens;

/// <summary>The outcome of reading <c>token.json</c>: the document and what was repaired or skipped on the way.</summary>
/// <param name="Document">The tokens, by pool, in file order.</param>
/// <param name="Warnings">Entries that were repaired or skipped.</param>
internal sealed record TokenFileReadResult(TokenDocument Document, IReadOnlyList<TokenFileWarning> Warnings);
