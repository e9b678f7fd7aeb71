using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class TomlConfigWriterTests
{
    private static readonly string[] Tricky =
    [
        "", " ", "\\", "\\\\", "C:\\Users\\grok\\new", "\"", "'", "''", "'''", "\"\"\"", "\"\"\"\"\"\"", "a\"b'c",
        "\n", "\r\n", "line1\nline2\n", "\t", "tab\there", "\b\f", "\u0000", "\u0001\u001F", "\u007F", "\u0085", "\u2028\u2029",
        "ünïcödé", "中文配置", "日本語", "العربية", "😀", "👩‍👩‍👧‍👦", "\uD83D\uDE00 emoji pair", "a = 1", "[section]", "# not a comment",
        "key = \"value\"", "${ENV}", "%s%d", "\\u0041", "\\x41", "\\e", "=", ".", "..", "-", "_", "\uFEFF", "\u200B", "￿",
    ];

    private static readonly char[] Alphabet =
    [
        'a', 'Z', '0', ' ', '.', '-', '_', '"', '\'', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001B', '\u007F',
        '#', '[', ']', '{', '}', '=', ',', 'é', '中', '\u00A0', '\u2028', '\uFEFF',
    ];

    [Fact]
    public void Write_TrickyStrings_RoundTripExactly()
    {
        var table = new JsonObject();
        for (var i = 0; i < Tricky.Length; i++)
        {
            table[$"v{i}"] = Tricky[i];
            table[Tricky[i]] = Tricky[i];
        }

        AssertRoundTrips(new JsonObject { ["app"] = table, ["list"] = new JsonArray([.. Tricky.Select(s => (JsonNode)s)]) });
    }

    [Fact]
    public void Write_RandomStrings_RoundTripExactly()
    {
        var random = new Random(20240607);
        for (var round = 0; round < 300; round++)
        {
            var key = RandomString(random, random.Next(0, 12));
            var value = RandomString(random, random.Next(0, 60));
            var tree = new JsonObject
            {
                [key] = value,
                ["section"] = new JsonObject { [key] = value, ["nested"] = new JsonObject { [key] = new JsonArray(value, key) } },
            };

            AssertRoundTrips(tree);
        }
    }

    [Fact]
    public void Write_RandomTrees_RoundTripExactly()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            AssertRoundTrips(RandomTable(random, depth: 0));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.5)]
    [InlineData(60.0)]
    [InlineData(0.1)]
    [InlineData(-2.5e-7)]
    [InlineData(1e20)]
    [InlineData(1.7976931348623157e308)]
    [InlineData(double.Epsilon)]
    [InlineData(123456789.123456789)]
    public void Write_Float_StaysAnExactFloat(double value)
    {
        AssertFloatRoundTrips(value);
    }

    [Fact]
    public void Write_NegativeZero_KeepsItsSign()
    {
        AssertFloatRoundTrips(-0.0);
    }

    private static void AssertFloatRoundTrips(double value)
    {
        var tree = new JsonObject { ["retry"] = new JsonObject { ["retry_budget"] = value } };

        var parsed = TomlConfigReader.Parse(TomlConfigWriter.Write(tree, TomlWriteOptions.Plain), "config.toml");

        var read = Assert.IsType<double>(ConfigTree.ReadScalar(parsed["retry"]!["retry_budget"]!.AsValue()));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Write_Integer_StaysAnInteger(long value)
    {
        AssertRoundTrips(new JsonObject { ["a"] = new JsonObject { ["n"] = value } });
    }

    [Fact]
    public void Write_NestedTablesWithDottedKeys_QuotesThem()
    {
        var tree = new JsonObject
        {
            ["chat"] = new JsonObject
            {
                ["concurrent"] = 10L,
                ["model_concurrency"] = new JsonObject { ["grok-4.1-fast"] = 3L, ["grok-4"] = 2L },
            },
        };

        var text = TomlConfigWriter.Write(tree, TomlWriteOptions.Plain);

        Assert.Contains("[chat.model_concurrency]\n\"grok-4.1-fast\" = 3\ngrok-4 = 2\n", text, StringComparison.Ordinal);
        AssertRoundTrips(tree);
    }

    [Fact]
    public void Write_EmptyContainers_RoundTrip()
    {
        AssertRoundTrips(new JsonObject
        {
            ["empty_section"] = new JsonObject(),
            ["app"] = new JsonObject
            {
                ["filter_tags"] = new JsonArray(),
                ["nested_empty"] = new JsonObject(),
                ["inline"] = new JsonArray(new JsonObject(), new JsonArray()),
            },
        });
    }

    [Fact]
    public void Write_WithTemplate_KnownSectionsAndKeysInDefaultOrderThenUnknown()
    {
        var tree = new JsonObject
        {
            ["zzz_unknown"] = new JsonObject { ["b"] = 1L },
            ["chat"] = new JsonObject { ["extra"] = true, ["stream_timeout"] = 5.0, ["concurrent"] = 2L },
            ["app"] = new JsonObject { ["api_key"] = "k", ["app_url"] = "http://x" },
            ["root_unknown"] = "r",
        };

        var text = TomlConfigWriter.Write(tree, ConfigDefaults.FileOptions);

        var order = new[] { "root_unknown = ", "[app]", "app_url = ", "api_key = ", "[chat]", "concurrent = ", "stream_timeout = ", "extra = ", "[zzz_unknown]" }
            .Select(marker => text.IndexOf(marker, StringComparison.Ordinal))
            .ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains("# External URL of this service", text, StringComparison.Ordinal);
    }

    [Fact]
    public void String_UnpairedSurrogate_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => TomlText.String("bad \uD800 text"));
    }

    private static void AssertRoundTrips(JsonObject tree)
    {
        var text = TomlConfigWriter.Write(tree, TomlWriteOptions.Plain);
        JsonObject parsed;
        try
        {
            parsed = TomlConfigReader.Parse(text, "roundtrip.toml");
        }
        catch (ConfigFormatException ex)
        {
            Assert.Fail($"Written TOML does not parse: {ex.Message}\n{text}");
            return;
        }

        Assert.True(ConfigTree.StrictEquals(tree, parsed), $"Round trip changed the tree.\nTOML:\n{text}\nExpected: {tree.ToJsonString()}\nActual: {parsed.ToJsonString()}");
    }

    private static string RandomString(Random random, int length)
    {
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            switch (random.Next(10))
            {
                case 0:
                    builder.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF)));
                    break;
                case 1:
                    builder.Append((char)random.Next(0x20, 0xD7FF));
                    break;
                default:
                    builder.Append(Alphabet[random.Next(Alphabet.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private static JsonObject RandomTable(Random random, int depth)
    {
        var table = new JsonObject();
        var count = random.Next(0, 6);
        for (var i = 0; i < count; i++)
        {
            var key = random.Next(3) == 0 ? RandomString(random, random.Next(0, 6)) : $"k{i}";
            if (table.ContainsKey(key))
            {
                continue;
            }

            table[key] = depth < 3 && random.Next(4) == 0 ? RandomTable(random, depth + 1) : RandomValue(random, depth);
        }

        return table;
    }

    private static JsonNode RandomValue(Random random, int depth) => random.Next(8) switch
    {
        0 => JsonValue.Create(RandomString(random, random.Next(0, 20))),
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
        3 => JsonValue.Create((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300))),
        4 => JsonValue.Create((double)random.Next(-1000, 1000)),
        5 when depth < 4 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))]),
        6 when depth < 4 => RandomTable(random, depth + 1) is var inline && random.Next(2) == 0 ? new JsonArray(inline) : inline,
        _ => JsonValue.Create("x"),
    };
}
