namespace Grok2Api.Configuration;

/// <summary>The value types a known config key can have.</summary>
internal enum ConfigValueKind
{
    Integer,
    Float,
    Boolean,
    String,
    StringList,
    IntegerList,
    IntegerTable,
}
