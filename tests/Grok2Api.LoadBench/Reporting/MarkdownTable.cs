using System.Text;

namespace Grok2Api.LoadBench.Reporting;

/// <summary>A markdown table; columns whose header starts with '&gt;' are right-aligned.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append('|');
        foreach (var header in headers)
        {
            builder.Append(' ').Append(header.TrimStart('>')).Append(" |");
        }

        builder.AppendLine().Append('|');
        foreach (var header in headers)
        {
            builder.Append(header.StartsWith('>') ? "---:|" : "---|");
        }

        foreach (var row in _rows)
        {
            builder.AppendLine().Append('|');
            foreach (var cell in row)
            {
                builder.Append(' ').Append(cell).Append(" |");
            }
        }

        return builder.ToString();
    }
}
