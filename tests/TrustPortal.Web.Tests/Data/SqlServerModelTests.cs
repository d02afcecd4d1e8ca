using Microsoft.EntityFrameworkCore;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Tests.Data;

/// No SQL Server engine runs here, so DacFx stands in for one: the script `dotnet ef dbcontext script` makes for the
/// SQL Server context is loaded into a SQL Server model and validated (types, keys, references between tables,
/// index columns), which catches what a parse alone cannot, such as a foreign key to a table that does not exist.
public sealed class SqlServerModelTests
{
    private static string CreateScript()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        return db.Database.GenerateCreateScript();
    }

    private static List<string> Problems(string script)
    {
        using var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (var statement in SchemaStatements(script))
        {
            model.AddObjects(statement);
        }
        return model.Validate().Select(m => $"{m.MessageType} {m.Prefix}{m.Number}: {m.Message}").ToList();
    }

    /// The model takes one statement per call, and only statements that define the schema: the script's seed rows
    /// (INSERT, SET IDENTITY_INSERT and the IF guards around them) are data, not model.
    private static IEnumerable<string> SchemaStatements(string script)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var parsed = (TSqlScript)parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join('\n', errors.Select(e => $"line {e.Line}: {e.Message}")));
        return parsed.Batches.SelectMany(b => b.Statements)
            .Where(s => s is not (InsertStatement or SetIdentityInsertStatement or IfStatement or PredicateSetStatement))
            .Select(s => script.Substring(s.StartOffset, s.FragmentLength));
    }

    [Fact]
    public void The_SQL_Server_model_validates_with_no_messages()
    {
        var script = CreateScript();
        Assert.Contains("CREATE TABLE [Trusts]", script, StringComparison.Ordinal);
        var problems = Problems(script);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void A_foreign_key_to_a_missing_table_is_caught()
    {
        var broken = CreateScript() + "\nGO\nCREATE TABLE [Broken] ([Id] int NOT NULL CONSTRAINT [PK_Broken] PRIMARY KEY, [MissingId] int NOT NULL,"
            + " CONSTRAINT [FK_Broken_Missing] FOREIGN KEY ([MissingId]) REFERENCES [Missing] ([Id]));\nGO\n";
        Assert.Contains(Problems(broken), p => p.Contains("[Missing]", StringComparison.Ordinal));
    }
}
