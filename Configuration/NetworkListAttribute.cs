namespace Grok2Api.Configuration;

/// <summary>Every entry of a string list is an IP address or a CIDR range (<see cref="NetworkEntries.TryParseNetwork"/>).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class NetworkListAttribute : StringListRuleAttribute
{
    public override string Requirement => "entries must be IP addresses or CIDR ranges (10.0.0.0/8)";

    protected override bool Accepts(string entry) => NetworkEntries.TryParseNetwork(entry, out _);
}
