using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests.Support;

/// <summary>The repository's shipped files (workflows/*.json), for tests that run the real processes.</summary>
public static class Shipped
{
    /// <summary>The repository root (the folder holding CrmWorkflow.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Publishes workflows/&lt;id&gt;.json as users get it (the web fixture starts with no workflows).</summary>
    public static async Task PublishShippedAsync(this WebAppFixture app, string id)
    {
        var parsed = DefinitionJson.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "workflows", id + ".json")));
        Assert.Empty(parsed.Problems);
        await app.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(parsed.Definition!, "test");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmWorkflow.sln"))) return dir.FullName;
        throw new InvalidOperationException("CrmWorkflow.sln not found above " + AppContext.BaseDirectory);
    }
}
