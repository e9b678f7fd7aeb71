namespace Grok2Api.Storage.Tokens;

/// <summary>Something in <c>token.json</c> that was repaired or skipped while loading. Never holds a token value.</summary>
/// <param name="Pool">The pool the entry is in.</param>
/// <param name="Index">The zero-based position of the entry in its pool, or -1 for the pool itself.</param>
/// <param name="TokenId">The public id of the token (<see cref="TokenIdentity.IdOf"/>), when known.</param>
/// <param name="Message">What was found and what was done about it.</param>
internal readonly record struct TokenFileWarning(string Pool, int Index, string? TokenId, string Message);
