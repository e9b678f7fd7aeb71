using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Grok2Api.AdminApi.Auth;
using Grok2Api.AdminApi.Stats;
using Grok2Api.AdminApi.Tasks;
using Grok2Api.AdminApi.Config;
using Grok2Api.AdminApi.Tokens;
using Grok2Api.Storage.Tasks;
using Grok2Api.TokenPool.Registry;

namespace Grok2Api.AdminApi;

/// <summary>Source-generated JSON metadata of the admin API, in snake_case (docs/compatibility.md §7.2).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(TokenListResponse))]
[JsonSerializable(typeof(AddTokensRequest))]
[JsonSerializable(typeof(AddTokensResponse))]
[JsonSerializable(typeof(PatchTokenRequest))]
[JsonSerializable(typeof(TokenIdsRequest))]
[JsonSerializable(typeof(DeleteTokensResponse))]
[JsonSerializable(typeof(AdminTokenView))]
[JsonSerializable(typeof(TokenStats))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(TaskCreatedResponse))]
[JsonSerializable(typeof(TaskListResponse))]
[JsonSerializable(typeof(BatchTaskRecord))]
[JsonSerializable(typeof(TaskSnapshotEvent))]
[JsonSerializable(typeof(TaskProgressEvent))]
[JsonSerializable(typeof(TaskFinalEvent))]
[JsonSerializable(typeof(ConfigSchemaResponse))]
[JsonSerializable(typeof(ConfigRevealRequest))]
[JsonSerializable(typeof(ConfigRevealResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
