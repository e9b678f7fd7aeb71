namespace Grok2Api.Configuration;

/// <summary>
/// Content comparison of the collections in section records: a record compares a list or a
/// dictionary by reference, and every bind makes new ones, so the sections that hold collections
/// compare them here to stay equal when no setting changed.
/// </summary>
internal static class SectionEquality
{
    /// <summary>Whether both lists hold the same items in the same order.</summary>
    public static bool SameItems<T>(IReadOnlyList<T> left, IReadOnlyList<T> right) => left.SequenceEqual(right);

    /// <summary>Whether both dictionaries hold the same keys with the same values.</summary>
    public static bool SameEntries<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> left, IReadOnlyDictionary<TKey, TValue> right) =>
        left.Count == right.Count
        && left.All(pair => right.TryGetValue(pair.Key, out var value) && EqualityComparer<TValue>.Default.Equals(value, pair.Value));
}
