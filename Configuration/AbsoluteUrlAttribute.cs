using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The string is an absolute URL with a host and one of the given schemes (or empty, when allowed).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class AbsoluteUrlAttribute : ValidationAttribute, IConfigRule
{
    public AbsoluteUrlAttribute(params string[] schemes)
    {
        Schemes = schemes;
    }

    /// <summary>The accepted schemes, lower case.</summary>
    public IReadOnlyList<string> Schemes { get; }

    /// <summary>Whether an empty string is accepted (meaning "not set").</summary>
    public bool AllowEmpty { get; init; }

    public string Requirement
    {
        get
        {
            var schemes = Schemes.Count == 1
                ? Schemes[0]
                : string.Join(", ", Schemes.Take(Schemes.Count - 1)) + " or " + Schemes[^1];
            return $"must be {(AllowEmpty ? "empty or " : "")}an absolute {schemes} URL with a host";
        }
    }

    public object? Offending(object? value) => value;

    public override bool IsValid(object? value)
    {
        if (value is null)
        {
            return AllowEmpty;
        }

        if (value is not string text)
        {
            return false;
        }

        if (text.Length == 0)
        {
            return AllowEmpty;
        }

        return text.Trim().Length == text.Length
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && Schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
            && !string.IsNullOrEmpty(uri.Host);
    }

    public override string FormatErrorMessage(string name) => $"{name} {Requirement}";
}
