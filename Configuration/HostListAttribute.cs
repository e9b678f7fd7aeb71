namespace Grok2Api.Configuration;

/// <summary>Every entry of a string list is a host name or an IP address, without scheme, port or path (<see cref="NetworkEntries.NormalizeHost"/>).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class HostListAttribute : StringListRuleAttribute
{
    public override string Requirement => "entries must be host names or IP addresses, without scheme, port or path";

    protected override bool Accepts(string entry) => NetworkEntries.NormalizeHost(entry) is not null;
}
