using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>
/// Golden files: <c>Fixtures/streams/&lt;case&gt;.ndjson</c> (upstream lines) and, for each mode of the case,
/// <c>&lt;case&gt;.&lt;mode&gt;.sse</c> and <c>&lt;case&gt;.&lt;mode&gt;.json</c>, compared byte for byte.
/// <c>&lt;case&gt;.options.json</c> may set <c>modes</c> (default reasoning-content), <c>includeUsage</c>,
/// <c>prompt</c> and <c>fail</c> (the stream ends with an error event; no .json).
/// To regenerate the expected files after an intended change, run the tests with
/// <c>GROK2API_UPDATE_GOLDEN=1</c> and review the diff.
/// </summary>
public sealed class ChatTranslatorGoldenTests
{
    private static readonly string Directory = Path.Combine(SourceDirectory(), "..", "..", "Fixtures", "streams");

    private static bool Update => Environment.GetEnvironmentVariable("GROK2API_UPDATE_GOLDEN") == "1";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.ndjson").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void Cases_Directory_HasTheCases()
    {
        Assert.True(Cases().Count >= 15);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Translate_GoldenCase_MatchesExpectedFiles(string name)
    {
        var body = await File.ReadAllTextAsync(Path.Combine(Directory, name + ".ndjson"), TestContext.Current.CancellationToken);
        var settings = await ReadSettingsAsync(name);
        foreach (var mode in settings.Modes)
        {
            var reasoning = mode switch
            {
                "think-tags" => ReasoningMode.ThinkTags,
                "hidden" => ReasoningMode.Hidden,
                _ => ReasoningMode.ReasoningContent,
            };
            var sse = await ChatTranslatorHarness.RunAsync(
                body, ChatTranslatorHarness.Options(true, reasoning, settings.IncludeUsage, settings.Prompt), fail: settings.Fail);
            await CompareAsync($"{name}.{mode}.sse", sse);
            if (settings.Fail)
            {
                continue;
            }

            var json = await ChatTranslatorHarness.RunAsync(
                body, ChatTranslatorHarness.Options(false, reasoning, settings.IncludeUsage, settings.Prompt));
            await CompareAsync($"{name}.{mode}.json", json);

            // One state machine: the non-stream message is exactly what the stream sent.
            Assert.Equal(ChatTranslatorHarness.Deltas(sse, "content"), ChatTranslatorHarness.Message(json, "content"));
            var reasoningText = ChatTranslatorHarness.Deltas(sse, "reasoning_content");
            Assert.Equal(reasoningText.Length == 0 ? null : reasoningText, ChatTranslatorHarness.Message(json, "reasoning_content"));
        }
    }

    private static async Task CompareAsync(string file, string actual)
    {
        var path = Path.Combine(Directory, file);
        if (Update)
        {
            await File.WriteAllTextAsync(path, actual, new UTF8Encoding(false), TestContext.Current.CancellationToken);
            return;
        }

        Assert.True(File.Exists(path), $"Missing golden file {file}; run with GROK2API_UPDATE_GOLDEN=1 to create it.");
        var expected = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(expected, actual);
    }

    private static async Task<GoldenSettings> ReadSettingsAsync(string name)
    {
        var path = Path.Combine(Directory, name + ".options.json");
        if (!File.Exists(path))
        {
            return new GoldenSettings(["reasoning-content"], false, null, false);
        }

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        var modes = root.TryGetProperty("modes", out var m) ? m.EnumerateArray().Select(e => e.GetString()!).ToArray() : ["reasoning-content"];
        return new GoldenSettings(
            modes,
            root.TryGetProperty("includeUsage", out var u) && u.GetBoolean(),
            root.TryGetProperty("prompt", out var p) ? p.GetString() : null,
            root.TryGetProperty("fail", out var f) && f.GetBoolean());
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private sealed record GoldenSettings(string[] Modes, bool IncludeUsage, string? Prompt, bool Fail);
}
