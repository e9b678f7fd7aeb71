using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>A rule every entry of a string list must meet; the first entry that does not is the offending value.</summary>
internal abstract class StringListRuleAttribute : ValidationAttribute, IConfigRule
{
    public abstract string Requirement { get; }

    public object? Offending(object? value) =>
        value is IEnumerable<string> items ? items.FirstOrDefault(item => !Accepts(item)) : value;

    public override bool IsValid(object? value) =>
        value is null || (value is IEnumerable<string> items && items.All(Accepts));

    public override string FormatErrorMessage(string name) => $"{name}: {Requirement}";

    /// <summary>Whether one entry meets the rule.</summary>
    /// <param name="entry">The entry.</param>
    protected abstract bool Accepts(string entry);
}
