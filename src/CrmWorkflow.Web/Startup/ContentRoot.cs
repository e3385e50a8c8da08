namespace CrmWorkflow.Web.Startup;

/// <summary>Finds the repository root (where appsettings.json and workflows/ live).</summary>
public static class ContentRoot
{
    /// <summary>The current folder if it holds appsettings.json, else the nearest parent with CrmWorkflow.sln.</summary>
    public static string Find()
    {
        var current = Directory.GetCurrentDirectory();
        if (File.Exists(Path.Combine(current, "appsettings.json"))) return current;
        for (var dir = new DirectoryInfo(current); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmWorkflow.sln"))) return dir.FullName;
        return current;
    }
}
