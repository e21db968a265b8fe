using System.Globalization;
using ChiBo.Bot.Reports;
using Sheet = ChiBo.Bot.Reports.Sheet;
using Workbook = ChiBo.Bot.Reports.Workbook;
using Column = ChiBo.Bot.Reports.Column;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ChiBo.Bot.Files;

/// <summary>
/// Lays out <see cref="Sheet"/>s as an .xlsx workbook with the Open XML SDK: a bold title, the header row (repeated on
/// every printed page), frozen panes under it, number formats per column, column widths, landscape A4 fitted to the page
/// width. Numbers stay numbers: a Vietnamese Excel shows them with a decimal comma.
/// </summary>
public static class Xlsx
{
    /// <summary>Style indexes in the stylesheet below (cellXfs order).</summary>
    private enum Style : uint { Default, Title, Header, Text, Integer, Points, Percent, Money, DateTime, Note }

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Number format codes of the columns (ids 164+ are custom).</summary>
    public static readonly IReadOnlyDictionary<ColumnFormat, string> Formats = new Dictionary<ColumnFormat, string>
    {
        [ColumnFormat.Integer] = "0",
        [ColumnFormat.Points] = "0.0#",
        [ColumnFormat.Percent] = "0.0%",
        [ColumnFormat.Money] = "#,##0",
        [ColumnFormat.DateTime] = "dd/mm/yyyy hh:mm",
    };

    public static byte[] Write(Workbook book)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            wb.AddNewPart<WorkbookStylesPart>().Stylesheet = Stylesheet();
            var sheets = wb.Workbook.AppendChild(new Sheets());
            var names = new DefinedNames();
            uint id = 1;
            foreach (var sheet in book.Sheets)
            {
                var part = wb.AddNewPart<WorksheetPart>();
                var headerRow = WriteSheet(part, sheet);
                var name = SafeName(sheet.Name);
                sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = wb.GetIdOfPart(part), SheetId = id, Name = name });
                names.Append(new DefinedName($"'{name}'!${headerRow}:${headerRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = id - 1 });
                id++;
            }
            wb.Workbook.Append(names);
        }
        return stream.ToArray();
    }

    /// <summary>Writes one sheet; returns the header row's number.</summary>
    private static uint WriteSheet(WorksheetPart part, Sheet sheet)
    {
        var data = new SheetData();
        uint r = 0;
        AddRow(data, ++r, [sheet.Title], _ => Style.Title);
        foreach (var line in sheet.Subtitles) AddRow(data, ++r, [line], _ => Style.Note);
        r++; // a blank line before the table
        var header = ++r;
        AddRow(data, header, sheet.Columns.Select(c => (object?)c.Header).ToArray(), _ => Style.Header);
        foreach (var row in sheet.Rows)
            AddRow(data, ++r, row, i => StyleOf(sheet.Columns[i].Format));
        if (sheet.Notes.Count > 0) r++;
        foreach (var note in sheet.Notes) AddRow(data, ++r, [note], _ => Style.Note);

        var columns = new Columns(sheet.Columns.Select((c, i) =>
            new DocumentFormat.OpenXml.Spreadsheet.Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = c.Width, CustomWidth = true }));
        var freezeAt = $"C{header + 1}"; // the header row and the numbering/name columns stay in view
        var view = new SheetView { WorkbookViewId = 0, TabSelected = false };
        view.Append(new Pane { HorizontalSplit = 2, VerticalSplit = header, TopLeftCell = freezeAt, ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomRight, ActiveCell = freezeAt, SequenceOfReferences = new ListValue<StringValue>([freezeAt]) });

        part.Worksheet = new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(view),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            columns,
            data,
            new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            new PageSetup { Orientation = OrientationValues.Landscape, PaperSize = 9, FitToWidth = 1, FitToHeight = 0 });
        return header;
    }

    private static void AddRow(SheetData data, uint number, object?[] values, Func<int, Style> style)
    {
        var row = new Row { RowIndex = number };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = ColumnName(i) + number.ToString(CultureInfo.InvariantCulture);
            var cell = new Cell { CellReference = reference, StyleIndex = (uint)style(i) };
            switch (values[i])
            {
                case null:
                    continue;
                case string s:
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(s) { Space = SpaceProcessingModeValues.Preserve });
                    if (style(i) is not (Style.Title or Style.Header or Style.Note)) cell.StyleIndex = (uint)Style.Text;
                    break;
                case DateTime t:
                    cell.CellValue = new CellValue(t.ToOADate().ToString(CultureInfo.InvariantCulture));
                    break;
                case IConvertible value:
                    cell.CellValue = new CellValue(value.ToDecimal(CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                    break;
            }
            row.Append(cell);
        }
        data.Append(row);
    }

    private static Style StyleOf(ColumnFormat format) => format switch
    {
        ColumnFormat.Integer => Style.Integer,
        ColumnFormat.Points => Style.Points,
        ColumnFormat.Percent => Style.Percent,
        ColumnFormat.Money => Style.Money,
        ColumnFormat.DateTime => Style.DateTime,
        _ => Style.Text,
    };

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) name = (char)('A' + (i - 1) % 26) + name;
        return name;
    }

    /// <summary>Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ].</summary>
    public static string SafeName(string name)
    {
        var clean = new string(name.Select(c => ":\\/?*[]".Contains(c) ? '-' : c).ToArray()).Trim('\'');
        return (clean.Length > 31 ? clean[..31] : clean).Trim();
    }

    private static Stylesheet Stylesheet()
    {
        uint id = 164;
        var formatIds = new Dictionary<ColumnFormat, uint>();
        var numberingFormats = new NumberingFormats();
        foreach (var (format, code) in Formats)
        {
            formatIds[format] = id;
            numberingFormats.Append(new NumberingFormat { NumberFormatId = id++, FormatCode = code });
        }
        numberingFormats.Count = (uint)Formats.Count;

        static Font Font(bool bold, double size) =>
            bold ? new Font(new Bold(), new FontSize { Val = size }, new FontName { Val = "Times New Roman" })
                 : new Font(new FontSize { Val = size }, new FontName { Val = "Times New Roman" });
        var fonts = new Fonts(Font(false, 12), Font(true, 14), Font(true, 12), Font(false, 11)) { Count = 4 };
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }) { PatternType = PatternValues.Solid })) { Count = 3 };
        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        var borders = new Borders(new Border(), thin) { Count = 2 };

        CellFormat Xf(uint font, uint fill, uint border, uint format, bool wrap = false, bool center = false) => new(
            new Alignment { WrapText = wrap, Vertical = VerticalAlignmentValues.Center, Horizontal = center ? HorizontalAlignmentValues.Center : null })
        {
            FontId = font, FillId = fill, BorderId = border, NumberFormatId = format,
            ApplyFont = true, ApplyFill = fill > 0, ApplyBorder = border > 0, ApplyNumberFormat = format > 0, ApplyAlignment = true,
        };
        var xfs = new CellFormats(
            Xf(0, 0, 0, 0),
            Xf(1, 0, 0, 0),
            Xf(2, 2, 1, 0, wrap: true, center: true),
            Xf(0, 0, 1, 49, wrap: true),
            Xf(0, 0, 1, formatIds[ColumnFormat.Integer]),
            Xf(0, 0, 1, formatIds[ColumnFormat.Points]),
            Xf(0, 0, 1, formatIds[ColumnFormat.Percent]),
            Xf(0, 0, 1, formatIds[ColumnFormat.Money]),
            Xf(0, 0, 1, formatIds[ColumnFormat.DateTime]),
            Xf(3, 0, 0, 0)) { Count = 10 };
        return new Stylesheet(numberingFormats, fonts, fills, borders,
            new CellStyleFormats(new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 }) { Count = 1 }, xfs);
    }
}
