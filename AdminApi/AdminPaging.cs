using System.Globalization;

namespace Grok2Api.AdminApi;

/// <summary>
/// The paging of the admin list endpoints (tokens, cached media files): <c>page</c> from 1 and
/// <c>page_size</c> from 1 to <see cref="MaxPageSize"/>, <see cref="DefaultPageSize"/> when absent.
/// </summary>
public static class AdminPaging
{
    /// <summary>The page size when the query names none.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page size a query may ask for.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Reads <c>page</c> and <c>page_size</c>; a bad value is added to <paramref name="errors"/> under its name.</summary>
    /// <param name="query">The request's query.</param>
    /// <param name="errors">The validation errors of the request, by parameter name.</param>
    /// <returns>The page (1 when absent) and the page size; the defaults where a value was bad.</returns>
    public static (int Page, int PageSize) Read(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        var page = ParsePositive(query["page"], 1, int.MaxValue, "page", errors);
        var pageSize = ParsePositive(query["page_size"], DefaultPageSize, MaxPageSize, "page_size", errors);
        return (page, pageSize);
    }

    private static int ParsePositive(string? raw, int fallback, int max, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        errors[name] = [$"Must be a whole number from 1 to {max}."];
        return fallback;
    }
}
