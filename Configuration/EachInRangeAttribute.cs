using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>Every entry of an integer list lies in [<see cref="Minimum"/>, <see cref="Maximum"/>].</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class EachInRangeAttribute(int minimum, int maximum) : ValidationAttribute, IConfigRule
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;

    public string Requirement => $"entries must be between {Minimum} and {Maximum}";

    public object? Offending(object? value) => Values(value) is { } items ? items.FirstOrDefault(i => i < Minimum || i > Maximum) : value;

    public override bool IsValid(object? value) =>
        value is null || (Values(value) is { } items && items.All(i => i >= Minimum && i <= Maximum));

    // Lists check their entries; tables (name = number) check their values.
    private static IEnumerable<int>? Values(object? value) => value switch
    {
        IEnumerable<int> items => items,
        IEnumerable<KeyValuePair<string, int>> pairs => pairs.Select(p => p.Value),
        _ => null,
    };

    public override string FormatErrorMessage(string name) => $"{name}: {Requirement}";
}
