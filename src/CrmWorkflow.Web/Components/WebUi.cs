using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;
using Radzen;

namespace CrmWorkflow.Web.Components;

/// <summary>The browser UI: Blazor (interactive server) pages with Radzen components, signed in with the Identity cookie.</summary>
public static class WebUi
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddRadzenComponents();
        services.AddScoped<Shared.UnreadNotices>();
        return services;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost("/signout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.Redirect("/signin");
        }).ExcludeFromDescription();
        return app;
    }
}
