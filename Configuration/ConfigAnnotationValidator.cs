using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Grok2Api.Configuration;

/// <summary>
/// Checks every key of every section against its DataAnnotations attributes and phrases each
/// failure as <c>section.key: must be ..., got value</c>.
/// </summary>
internal static class ConfigAnnotationValidator
{
    public static void Validate(GrokConfig config, List<string> errors)
    {
        foreach (var section in ConfigSchema.Sections)
        {
            var sectionValue = section.Property.GetValue(config);
            foreach (var key in section.Keys)
            {
                var value = sectionValue is null ? null : key.Property.GetValue(sectionValue);
                foreach (var attribute in key.Property.GetCustomAttributes<ValidationAttribute>(inherit: true))
                {
                    if (!attribute.IsValid(value))
                    {
                        var offending = attribute is IConfigRule rule ? rule.Offending(value) : value;
                        errors.Add($"{key.Path}: {Requirement(attribute, key.Path)}, got {Show(key.Name, offending)}");
                    }
                }
            }
        }
    }

    private static string Requirement(ValidationAttribute attribute, string path) => attribute switch
    {
        IConfigRule rule => rule.Requirement,
        RangeAttribute range => $"must be between {ConfigTree.DescribeScalar(range.Minimum)} and {ConfigTree.DescribeScalar(range.Maximum)}",
        AllowedValuesAttribute allowed => "must be one of " + string.Join(", ", allowed.Values.Select(ConfigTree.DescribeScalar)),
        RequiredAttribute => "must not be empty",
        _ => attribute.FormatErrorMessage(path),
    };

    private static string Show(string keyName, object? value) => value switch
    {
        string text => ConfigTree.DescribeScalar(ConfigSecrets.Show(keyName, text)),
        _ when ConfigSecrets.IsSecretKey(keyName) => ConfigSecrets.HiddenKind(value),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(i => Show(keyName, i))) + "]",
        _ => ConfigTree.DescribeScalar(value),
    };
}
