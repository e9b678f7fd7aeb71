namespace Grok2Api.Configuration;

/// <summary>A validation attribute that can say, in a few words, what it requires.</summary>
internal interface IConfigRule
{
    /// <summary>The requirement, phrased to follow a key name: "must be ...".</summary>
    string Requirement { get; }

    /// <summary>The part of <paramref name="value"/> that breaks the rule (the value itself by default).</summary>
    object? Offending(object? value);
}
