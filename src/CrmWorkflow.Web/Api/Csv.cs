using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace CrmWorkflow.Web.Api;

/// <summary>CSV downloads (RFC 4180, UTF-8 with a BOM so spreadsheets pick the encoding), streamed row by row.</summary>
public static class Csv
{
    /// <summary>A download of <paramref name="rows"/> under a header of <paramref name="columns"/>.</summary>
    public static IResult File(string fileName, IReadOnlyList<string> columns, IEnumerable<IEnumerable<object?>> rows) =>
        new CsvResult(fileName, columns, rows);

    /// <summary>One cell: quoted when needed; a leading = + - @ in text is neutralised so spreadsheets do not run it.</summary>
    public static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (text.Length > 0 && "=+-@".Contains(text[0]) && value is string) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    private sealed class CsvResult(string fileName, IReadOnlyList<string> columns, IEnumerable<IEnumerable<object?>> rows) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName, FileNameStar = fileName }.ToString();
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024) { NewLine = "\r\n" };
            await writer.WriteLineAsync(string.Join(",", columns.Select(Cell)));
            foreach (var row in rows)
                await writer.WriteLineAsync(string.Join(",", row.Select(Cell)));
        }
    }
}
