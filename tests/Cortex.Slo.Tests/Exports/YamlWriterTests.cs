using Cortex.Slo.Exports;
using Cortex.Slo.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Cortex.Slo.Tests.Exports;

public class YamlWriterTests
{
    [Theory]
    [InlineData("plain-name")]
    [InlineData("slo:sli_error:ratio_rate5m")]
    [InlineData("30d")]
    [InlineData("true")]
    [InlineData("No")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("0.999")]
    [InlineData("1e3")]
    [InlineData("0x1F")]
    [InlineData("1:30")]
    [InlineData("2026-01-01")]
    [InlineData("")]
    [InlineData("  leading space")]
    [InlineData("trailing space ")]
    [InlineData("key: value")]
    [InlineData("ends with colon:")]
    [InlineData("#not a comment")]
    [InlineData("value #not a comment")]
    [InlineData("it's")]
    [InlineData("sum(rate(x{code=~\"5..\"}[5m]))")]
    [InlineData("- dash")]
    [InlineData("&anchor")]
    [InlineData("*alias")]
    [InlineData("!tag")]
    [InlineData("%directive")]
    [InlineData("@at")]
    [InlineData("`tick")]
    [InlineData("{flow}")]
    [InlineData("[flow]")]
    [InlineData("line one\nline two")]
    [InlineData("  indented\nsecond")]
    [InlineData("ends with break\n")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    [InlineData("---")]
    [InlineData("é unicode ✓")]
    public void Write_AnyString_ReadsBackAsTheSameString(string value)
    {
        var yaml = YamlWriter.Write([([], new YamlMapping { { "key", value }, { "list", new YamlSequence { value } } })]);

        var root = YamlDocs.Load(yaml).Single();

        Assert.Equal(value, root.Text("key"));
        Assert.Equal(value, Assert.IsType<YamlScalarNode>(root.Seq("list").Children.Single()).Value);
    }

    [Theory]
    [InlineData("30d")]
    [InlineData("slo:objective:ratio")]
    [InlineData("cortex-slo-memory-availability-recordings")]
    public void Write_SafeString_StaysPlain(string value)
    {
        var yaml = YamlWriter.Write([([], new YamlMapping { { "key", value } })]);

        Assert.Equal($"key: {value}\n", yaml);
    }

    [Fact]
    public void Write_NumbersAndBooleans_AreNotQuoted()
    {
        var yaml = YamlWriter.Write([([], new YamlMapping { { "target", 0.999m }, { "ratio", 0.25 }, { "isRolling", true } })]);

        Assert.Equal("target: 0.999\nratio: 0.25\nisRolling: true\n", yaml);
    }

    [Fact]
    public void Write_CommentsAndDocuments_ParseAsSeparateDocuments()
    {
        var sequence = new YamlSequence { "a" };
        sequence.Comment("between items\nover two lines");
        sequence.Add(new YamlMapping { { "b", 1.0 }, { "c", new YamlMapping() }, { "d", new YamlSequence() } });
        var yaml = YamlWriter.Write(
        [
            (["first # document"], new YamlMapping { { "items", sequence } }),
            ([], new YamlMapping { { "second", "x" } }),
        ]);

        var documents = YamlDocs.Load(yaml);

        Assert.Equal(2, documents.Count);
        Assert.StartsWith("# first # document\n", yaml, StringComparison.Ordinal);
        var items = documents[0].Seq("items").Children;
        Assert.Equal("a", Assert.IsType<YamlScalarNode>(items[0]).Value);
        var second = Assert.IsType<YamlMappingNode>(items[1]);
        Assert.Equal("1", second.Text("b"));
        Assert.Empty(second.Map("c").Children);
        Assert.Empty(second.Seq("d").Children);
        Assert.Equal("x", documents[1].Text("second"));
    }
}
