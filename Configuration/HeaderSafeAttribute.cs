using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The string can go into an HTTP header: no line breaks or other control characters.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class HeaderSafeAttribute : ValidationAttribute, IConfigRule
{
    public string Requirement => "must not contain line breaks or other control characters (it is sent in an HTTP header)";

    public object? Offending(object? value) => value;

    public override bool IsValid(object? value) => value is not string text || !text.Any(char.IsControl);

    public override string FormatErrorMessage(string name) => $"{name} {Requirement}";
}
