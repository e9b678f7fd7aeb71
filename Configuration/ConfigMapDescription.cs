namespace Grok2Api.Configuration;

/// <summary>
/// How an editor shows a map section (<c>[model_alias]</c>): no fixed keys, any valid name mapped to a
/// value of <paramref name="Item"/>. The section's table is edited whole: names added, changed or
/// removed (a name patched to <c>null</c> is removed).
/// </summary>
/// <param name="Item">The kind of every value (<c>string</c>).</param>
/// <param name="KeyRule">What a name must be, in words.</param>
/// <param name="ValueRule">What a value must be, in words.</param>
public sealed record ConfigMapDescription(string Item, string KeyRule, string ValueRule);
