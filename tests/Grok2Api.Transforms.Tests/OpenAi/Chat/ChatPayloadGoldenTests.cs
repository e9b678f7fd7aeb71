using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>
/// Runs every Fixtures/payloads/*.request.json through the request translation and compares the
/// upstream body byte for byte with its *.payload.json (Fixtures/payloads/README.md).
/// GROK2API_UPDATE_GOLDEN=1 rewrites the expected files in the source tree instead.
/// </summary>
public sealed class ChatPayloadGoldenTests
{
    private const string UpdateVariable = "GROK2API_UPDATE_GOLDEN";
    private const string RequestSuffix = ".request.json";
    private const string PayloadSuffix = ".payload.json";

    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "payloads");

    // docs/grok-protocol.md §10, chat rows: public id → (modelName, modelMode).
    private static readonly Dictionary<string, (string Name, string Mode)> Models = new(StringComparer.Ordinal)
    {
        ["grok-3"] = ("grok-3", "MODEL_MODE_GROK_3"),
        ["grok-3-mini"] = ("grok-3", "MODEL_MODE_GROK_3_MINI_THINKING"),
        ["grok-3-thinking"] = ("grok-3", "MODEL_MODE_GROK_3_THINKING"),
        ["grok-4"] = ("grok-4", "MODEL_MODE_GROK_4"),
        ["grok-4-mini"] = ("grok-4-mini", "MODEL_MODE_GROK_4_MINI_THINKING"),
        ["grok-4-thinking"] = ("grok-4", "MODEL_MODE_GROK_4_THINKING"),
        ["grok-4-heavy"] = ("grok-4", "MODEL_MODE_HEAVY"),
        ["grok-4.1-mini"] = ("grok-4-1-thinking-1129", "MODEL_MODE_GROK_4_1_MINI_THINKING"),
        ["grok-4.1-fast"] = ("grok-4-1-thinking-1129", "MODEL_MODE_FAST"),
        ["grok-4.1-expert"] = ("grok-4-1-thinking-1129", "MODEL_MODE_EXPERT"),
        ["grok-4.1-thinking"] = ("grok-4-1-thinking-1129", "MODEL_MODE_GROK_4_1_THINKING"),
    };

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(FixtureDirectory, "*" + RequestSuffix).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileName(file)[..^RequestSuffix.Length]);
        }

        return cases;
    }

    [Fact]
    public void Fixtures_CopiedToOutput_AtLeastTenCases()
    {
        Assert.True(Cases().Count >= 10, $"Only {Cases().Count} fixtures in {FixtureDirectory}.");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translate_Fixture_MatchesGoldenPayload(string name)
    {
        var actual = Translate(File.ReadAllBytes(Path.Combine(FixtureDirectory, name + RequestSuffix)));

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllBytes(Path.Combine(SourceFixtureDirectory(), name + PayloadSuffix), actual);
            return;
        }

        var expectedPath = Path.Combine(FixtureDirectory, name + PayloadSuffix);
        Assert.True(File.Exists(expectedPath), $"{name}{PayloadSuffix} is missing; run the tests with {UpdateVariable}=1 to write it.");
        var expected = File.ReadAllBytes(expectedPath);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    private static byte[] Translate(byte[] requestBody)
    {
        var read = ChatRequestReader.Read(requestBody);
        Assert.True(read.Succeeded, read.Error?.Message);
        var conversation = read.Request.ToConversation();
        var prompt = GrokPromptBuilder.Build(conversation);
        Assert.True(prompt.HasText);
        Assert.True(Models.TryGetValue(read.Request.Model, out var model), $"Model '{read.Request.Model}' is not a chat model of docs/grok-protocol.md §10.");
        var (temporary, disableMemory) = FixtureSettings(requestBody);

        var payload = GrokChatPayload.Build(new GrokChatPayloadOptions
        {
            Message = prompt.Message,
            ModelName = model.Name,
            ModelMode = model.Mode,
            FileAttachmentIds = [.. prompt.Attachments.Select(a => $"{FakeIdPrefix(a.Kind)}@{a.Param}")],
            Temporary = temporary,
            DisableMemory = disableMemory,
            Temperature = conversation.Options.Temperature,
            TopP = conversation.Options.TopP,
            ReasoningEffort = conversation.Options.ReasoningEffort,
        });
        return [.. payload, (byte)'\n'];
    }

    // The stand-in file ids of the fixtures name the OpenAI block each attachment came from.
    private static string FakeIdPrefix(ConversationPartKind kind) => kind switch
    {
        ConversationPartKind.Image => "ImageUrl",
        ConversationPartKind.Audio => "InputAudio",
        _ => kind.ToString(),
    };

    private static (bool Temporary, bool DisableMemory) FixtureSettings(byte[] requestBody)
    {
        using var document = JsonDocument.Parse(requestBody);
        if (!document.RootElement.TryGetProperty("_fixture", out var settings))
        {
            return (true, true);
        }

        return (
            !settings.TryGetProperty("temporary", out var temporary) || temporary.GetBoolean(),
            !settings.TryGetProperty("disable_memory", out var disableMemory) || disableMemory.GetBoolean());
    }

    private static string SourceFixtureDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "Fixtures", "payloads"));
}
