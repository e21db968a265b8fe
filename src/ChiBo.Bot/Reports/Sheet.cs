namespace ChiBo.Bot.Reports;

/// <summary>How a column's numbers are shown in the spreadsheet (a Vietnamese Excel shows the decimal comma).</summary>
public enum ColumnFormat
{
    Text,
    Integer,
    /// <summary>Scores: "87,5", "90,0".</summary>
    Points,
    /// <summary>A ratio shown as a percentage: "94,4%".</summary>
    Percent,
    /// <summary>Đồng: "20.000".</summary>
    Money,
    /// <summary>Date and time: "03/11/2026 14:00".</summary>
    DateTime,
}

public sealed record Column(string Header, double Width, ColumnFormat Format = ColumnFormat.Text);

/// <summary>
/// One worksheet of a report as data: title lines, a header row, rows and notes. The report builders
/// (<see cref="ReportSheets"/>) decide what goes in it and are tested without files; <see cref="Files.Xlsx"/> lays it out.
/// A row's values are strings, ints, decimals or DateTimes (local time), null for an empty cell.
/// </summary>
public sealed class Sheet
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public List<string> Subtitles { get; init; } = [];
    public required IReadOnlyList<Column> Columns { get; init; }
    public List<object?[]> Rows { get; } = [];
    public List<string> Notes { get; } = [];

    /// <summary>The values of the row whose column <paramref name="column"/> equals <paramref name="key"/>.</summary>
    public object?[]? Row(string key, int column = 1) => Rows.FirstOrDefault(r => Equals(r[column], key));

    public object? Value(object?[] row, string header) => row[Columns.ToList().FindIndex(c => c.Header == header)];
}

/// <summary>A workbook: one or more sheets, and the file name it is sent as.</summary>
public sealed record Workbook(string FileName, IReadOnlyList<Sheet> Sheets);
