using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>Every entry of a string list is a host name or an IP address, without scheme, port or path (<see cref="NetworkEntries.NormalizeHost"/>).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class HostListAttribute : ValidationAttribute, IConfigRule
{
    public string Requirement => "entries must be host names or IP addresses, without scheme, port or path";

    public object? Offending(object? value) =>
        value is IEnumerable<string> items ? items.FirstOrDefault(item => NetworkEntries.NormalizeHost(item) is null) : value;

    public override bool IsValid(object? value) =>
        value is null || (value is IEnumerable<string> items && items.All(item => NetworkEntries.NormalizeHost(item) is not null));

    public override string FormatErrorMessage(string name) => $"{name}: {Requirement}";
}
