using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>
/// The string can go into an HTTP header as it is: printable ASCII only (space to <c>~</c>). .NET refuses
/// anything else in a header value when the request is sent, so a pasted non-breaking space or
/// typographic quote would otherwise be accepted here and then fail every call to grok.com.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class HeaderSafeAttribute : ValidationAttribute, IConfigRule
{
    public string Requirement =>
        "must hold printable ASCII characters only: no line breaks, control characters, non-breaking spaces, typographic quotes or other non-ASCII characters (it is sent in an HTTP header)";

    public object? Offending(object? value) => value;

    public override bool IsValid(object? value) => value is not string text || !text.Any(c => c is < ' ' or > '~');

    public override string FormatErrorMessage(string name) => $"{name} {Requirement}";
}
