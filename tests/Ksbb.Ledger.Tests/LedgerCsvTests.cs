using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Formats;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Tests;

namespace Ksbb.Ledger.Tests;

/// <summary>The ledger's roles CSV, read by the ledger into typed grants; every error placed (file, line, column).</summary>
public sealed class LedgerCsvTests
{
    [Fact]
    public void ReadRoles_GivesTypedGrants_InFileOrder_ARepeatKeptOnce()
    {
        var grants = LedgerCsv.ReadRoles(new StringReader("\uFEFFScope,actor,role\r\n31.71.01.1001,v-1,verifier\r\n\"31.71\",op-1,operator\r\nagg-1,a-1,aggregator\r\n31.71.01.1001,v-1,verifier\r\n"));

        Assert.Equal(
            [
                RoleGrant.Verifier(CollaboratorId.Parse("v-1"), RegionCode.Parse("31.71.01.1001")),
                RoleGrant.Operator(CollaboratorId.Parse("op-1"), RegionCode.Parse("31.71")),
                RoleGrant.ForAggregator(CollaboratorId.Parse("a-1"), AggregatorId.Parse("agg-1")),
            ],
            grants);
        Assert.Equal(LedgerRole.Aggregator, grants[2].Role);
        Assert.Null(grants[2].Region);
    }

    [Theory]
    [InlineData("actor,role,scope\nv-1,auditor,31.71\n", 2, 2, "role", "'auditor' is not a role")]
    [InlineData("actor,role,scope\nv 1,verifier,31.71\n", 2, 1, "actor", "")]
    [InlineData("actor,role,scope\nv-1,verifier,31.7x\n", 2, 3, "scope", "")]
    [InlineData("actor,role,scope\nv-1,operator,\n", 2, 3, "scope", "empty")]
    [InlineData("actor,role,scope\na-1,aggregator,agg 1\n", 2, 3, "scope", "")]
    [InlineData("actor,role\nv-1,verifier\n", 1, 0, null, "no 'scope' column")]
    [InlineData("actor,role,scope,note\n", 1, 4, "note", "unknown column 'note'")]
    public void ReadRoles_BadInput_NamesFileLineAndColumn(string csv, int line, int column, string? name, string detail)
    {
        var ex = Assert.Throws<CsvFormatException>(() => LedgerCsv.ReadRoles(new StringReader(csv), "roles.csv"));
        Assert.Equal(("roles.csv", line, column, name), (ex.SourceName, ex.Line, ex.Column, ex.ColumnName));
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRoles_MutatedFiles_ReadOrNameTheLine() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Mutations.Of("actor,role,scope\nv-1,verifier,31.71.01.1001\nop-1,operator,31.71\na-1,aggregator,agg-1\n").ToArbitrary(), bytes =>
            FuzzRead.ReadsOrNamesThePlace<CsvFormatException>(bytes, LedgerCsv.ReadRoles, ex => ex.Line >= 1 && ex.Message.StartsWith("in.csv, line ", StringComparison.Ordinal))));
}
