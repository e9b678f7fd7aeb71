using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>Every entry of a string list is an IP address or a CIDR range (<see cref="NetworkEntries.TryParseNetwork"/>).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class NetworkListAttribute : ValidationAttribute, IConfigRule
{
    public string Requirement => "entries must be IP addresses or CIDR ranges (10.0.0.0/8)";

    public object? Offending(object? value) =>
        value is IEnumerable<string> items ? items.FirstOrDefault(item => !NetworkEntries.TryParseNetwork(item, out _)) : value;

    public override bool IsValid(object? value) =>
        value is null || (value is IEnumerable<string> items && items.All(item => NetworkEntries.TryParseNetwork(item, out _)));

    public override string FormatErrorMessage(string name) => $"{name}: {Requirement}";
}
