namespace Cortex.LoadTesting.Reports;

/// <summary>The report files <see cref="LoadTestReports.WriteAsync"/> writes; combine them with <c>|</c>.</summary>
[Flags]
public enum ReportFormats
{
    /// <summary>No report.</summary>
    None = 0,

    /// <summary>The complete result as JSON (<c>.json</c>), histograms included, so runs can be merged and compared later.</summary>
    Json = 1,

    /// <summary>A Markdown summary (<c>.md</c>), for example for a CI job summary or a pull request comment.</summary>
    Markdown = 2,

    /// <summary>A self-contained HTML report with charts (<c>.html</c>) that opens offline.</summary>
    Html = 4,

    /// <summary>JUnit XML (<c>.junit.xml</c>): one test case per threshold, for CI test reporting.</summary>
    JUnit = 8,

    /// <summary>The timeline as CSV (<c>.csv</c>), one line per reporting interval.</summary>
    Csv = 16,

    /// <summary>Every report.</summary>
    All = Json | Markdown | Html | JUnit | Csv,
}
