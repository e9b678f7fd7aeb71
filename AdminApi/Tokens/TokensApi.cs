using System.Globalization;
using System.Text;
using Grok2Api.AdminApi.Auth;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Grok2Api.Transforms.Grok;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grok2Api.AdminApi.Tokens;

/// <summary>The token endpoints of the admin API (docs/compatibility.md §7.2). Tokens only ever leave masked, except through export.</summary>
internal static class TokensApi
{
    private const int MaxNoteLength = 500;

    public static void MapTokensApi(this RouteGroupBuilder group)
    {
        var tokens = group.MapGroup("/tokens").AddEndpointFilter<AdminAuthFilter>();
        tokens.MapGet("", List);
        tokens.MapPost("", AddAsync);
        tokens.MapPost("/delete", DeleteManyAsync);
        tokens.MapPost("/export", Export);
        tokens.MapPatch("/{id}", PatchAsync);
        tokens.MapDelete("/{id}", DeleteAsync);
    }

    private static Results<Ok<TokenListResponse>, ValidationProblem> List(HttpRequest request, ITokenRegistry registry)
    {
        var errors = new Dictionary<string, string[]>();
        var query = request.Query;
        var pool = Blank(query["pool"]);
        if (pool is not null && !TokenPools.IsKnown(pool))
        {
            errors["pool"] = [$"Unknown pool '{pool}'. Use {TokenPools.Basic} or {TokenPools.Super}."];
        }

        TokenStatus? status = null;
        if (Blank(query["status"]) is { } statusText)
        {
            if (TokenStatusNames.TryParse(statusText, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = ["Use active, cooling, expired or disabled."];
            }
        }

        var (page, pageSize) = AdminPaging.Read(query, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = registry.Query(new TokenQuery(pool, status, Blank(query["tag"]), Blank(query["q"]), page, pageSize));
        return TypedResults.Ok(new TokenListResponse(
            [.. result.Items.Select(AdminTokenView.From)], result.Total, result.Page, result.PageSize, result.Stats));
    }

    private static async Task<Results<Ok<AddTokensResponse>, ValidationProblem>> AddAsync(
        AddTokensRequest? body, ITokenRegistry registry, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body?.Pool is not { } pool || !TokenPools.IsKnown(pool))
        {
            errors["pool"] = [$"Required: {TokenPools.Basic} or {TokenPools.Super}."];
        }

        if (body?.Tokens is null || body.Tokens.Count == 0)
        {
            errors["tokens"] = ["Required: a non-empty list of tokens."];
        }

        if (body?.Note is { Length: > MaxNoteLength })
        {
            errors["note"] = [$"At most {MaxNoteLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // An entry may be a pasted block with one token per line, as the import box of the app sends.
        var values = body!.Tokens!
            .SelectMany(entry => (entry ?? "").Split('\n'))
            .Select(line => line.Trim('\r', ' ', '\t'))
            .ToList();
        var invalid = values
            .Select((value, index) => (Bare: TokenIdentity.Normalize(value), Index: index))
            .Where(entry => entry.Bare.Length > 0 && !GrokCookie.IsValidToken(entry.Bare))
            .Select(entry => entry.Index + 1)
            .Take(10)
            .ToList();
        if (invalid.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["tokens"] = [$"Line(s) {string.Join(", ", invalid)} cannot be an SSO cookie value (visible ASCII only, no ';' or ',')."],
            });
        }

        var result = await registry.AddAsync(body.Pool!, values, body.Note, cancellationToken);
        return TypedResults.Ok(new AddTokensResponse(result.Added, result.Skipped));
    }

    private static async Task<Results<Ok<AdminTokenView>, ProblemHttpResult, ValidationProblem>> PatchAsync(
        string id, PatchTokenRequest? body, ITokenRegistry registry, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        TokenStatus? status = null;
        if (body?.Status is { } statusText)
        {
            if (TokenStatusNames.TryParse(statusText, out var parsed) && parsed is TokenStatus.Active or TokenStatus.Disabled)
            {
                status = parsed;
            }
            else
            {
                errors["status"] = ["Only active or disabled can be set."];
            }
        }

        if (body?.Pool is { } pool && !TokenPools.IsKnown(pool))
        {
            errors["pool"] = [$"Use {TokenPools.Basic} or {TokenPools.Super}."];
        }

        if (body?.Quota is < 0)
        {
            errors["quota"] = ["Must be 0 or more."];
        }

        if (body?.Note is { Length: > MaxNoteLength })
        {
            errors["note"] = [$"At most {MaxNoteLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var patch = new TokenPatch
        {
            Pool = body?.Pool,
            Quota = body?.Quota,
            Note = body?.Note,
            Status = status,
            Tags = body?.Tags?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).Distinct(StringComparer.Ordinal).ToList(),
        };
        var result = await registry.PatchAsync(id, patch, cancellationToken);
        return result.Error switch
        {
            TokenPatchError.None => TypedResults.Ok(AdminTokenView.From(result.Token!.Value)),
            TokenPatchError.NotFound => NotFound(),
            TokenPatchError.InvalidPool => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pool"] = ["Unknown pool."] }),
            TokenPatchError.InvalidStatus => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Only active or disabled can be set."] }),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["quota"] = ["Must be 0 or more."] }),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, ITokenRegistry registry, CancellationToken cancellationToken) =>
        await registry.RemoveAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound();

    private static async Task<Results<Ok<DeleteTokensResponse>, ValidationProblem>> DeleteManyAsync(
        TokenIdsRequest? body, ITokenRegistry registry, CancellationToken cancellationToken)
    {
        if (body?.Ids is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = ["Required: a list of token ids."] });
        }

        var ids = body.Ids.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new DeleteTokensResponse(await registry.RemoveManyAsync(ids, cancellationToken)));
    }

    private static IResult Export(TokenIdsRequest? body, ITokenRegistry registry, TimeProvider time)
    {
        IReadOnlyCollection<string>? ids = body?.Ids?.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim()).ToHashSet(StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var token in registry.Export(ids))
        {
            builder.Append(token).Append('\n');
        }

        var date = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var name = ids is null ? $"tokens_export_{date}.txt" : $"tokens_export_selected_{date}.txt";
        return TypedResults.File(Encoding.UTF8.GetBytes(builder.ToString()), "text/plain; charset=utf-8", name);
    }

    // The id is not echoed: an operator may paste a whole token where an id belongs.
    private static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Token not found",
        detail: "No token has this id. Ids are the 16 hex digits shown as 'id' in the token list.");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
