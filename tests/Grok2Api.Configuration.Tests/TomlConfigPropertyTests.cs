using CsCheck;
using Grok2Api.Tests.Common;

namespace Grok2Api.Configuration.Tests;

/// <summary>
/// Whatever the text of config.toml, reading it gives a valid config or a clear error naming the
/// problem; nothing else is thrown, and a secret's value never appears in a message. Seeded: a
/// failure prints the seed, and <see cref="HostileInput.SeedVariable"/> replays it.
/// </summary>
public sealed class TomlConfigPropertyTests
{
    private const string Secret = "sk-secret-value";

    // A secret key whose value has any type, and the secret inside it; the rest of the file is then mutated too.
    private static readonly string[] SecretValues =
    [
        $"\"{Secret}\"", $"[\"{Secret}\"]", $"{{ v = \"{Secret}\" }}", $"\"{Secret}", $"'{Secret}'", $"\"\"\"{Secret}\"\"\"", $"{Secret}",
        $"[[\"{Secret}\"], 1]", $"\"{Secret}\" garbage", $"\"{Secret}\\q\"",
    ];

    private static readonly string[] SecretKeyNames = ["api_key", "app_key", "cf_clearance", "statsig_id"];

    // A proxy URL is not a secret, its user-info is: the password must not be shown, whatever surrounds it.
    private static readonly string[] ProxyUrlValues =
    [
        $"\"http://user:{Secret}@127.0.0.1:8080\"", $"\"user:{Secret}@127.0.0.1:8080\"", $"\"socks5://u:{Secret}@h\"",
        $"\"ftp://u:{Secret}@h\"", $"[\"http://u:{Secret}@h\"]", $"\"http://u:{Secret}@\"", $"\"bad url u:{Secret}@h\"",
    ];

    [Fact]
    public void ReadAndBind_AnyText_ConfigOrErrors_SecretsNeverEchoed()
    {
        var example = File.ReadAllText(ConfigTestFiles.Example);
        var secrets = Gen.Frequency(
            (4, Gen.Select(Gen.OneOf(SecretKeyNames), Gen.OneOf(SecretValues), (key, value) => WithValue(example, key, value))),
            (1, Gen.OneOf(ProxyUrlValues).Select(value => WithValue(example, "base_proxy_url", value))));
        var texts = secrets.SelectMany(HostileInput.MutatedToml);
        texts.Sample(
            text =>
            {
                System.Text.Json.Nodes.JsonObject tree;
                try
                {
                    tree = TomlConfigReader.Parse(text, "config.toml");
                }
                catch (ConfigFormatException ex)
                {
                    Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                    Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
                    return;
                }

                var migrated = ConfigMigration.Migrate(tree);
                Assert.All(migrated.Notes, note => Assert.DoesNotContain(Secret, note.Message, StringComparison.Ordinal));
                var bound = ConfigBinder.Bind(migrated.Tree);
                Assert.True(bound.Config is not null || bound.Errors.Count > 0);
                Assert.All(bound.Errors.Concat(bound.Warnings), message => Assert.DoesNotContain(Secret, message, StringComparison.Ordinal));
            },
            seed: HostileInput.Seed,
            iter: 2000,
            print: text => text.Length > 400 ? text[..400] : text);
    }

    private static string WithValue(string toml, string key, string value)
    {
        var lines = toml.Split('\n');
        var index = Array.FindIndex(lines, line => line.StartsWith(key + " =", StringComparison.Ordinal));
        Assert.True(index >= 0, $"{key} is not in config.toml.example");
        lines[index] = key + " = " + value;
        return string.Join('\n', lines);
    }
}
