using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace CrmWorkflow.Web.Tests.Components;

/// <summary>A bUnit context with Radzen's services; handlers come from the test host (its real, migrated SQLite file).</summary>
public static class Bunit
{
    public static BunitContext Context(IServiceProvider? host = null, params Type[] fromHost)
    {
        var context = new BunitContext();
        // Radzen calls its JavaScript for focus and popups; nothing here depends on the answers.
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddRadzenComponents();
        foreach (var type in fromHost) context.Services.AddSingleton(type, host!.GetRequiredService(type));
        return context;
    }
}
