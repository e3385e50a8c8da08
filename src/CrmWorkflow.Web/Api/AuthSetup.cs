using System.Security.Claims;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>Identity, cookie and bearer sign-in, and the authorization policies.</summary>
public static class AuthSetup
{
    /// <summary>Analysts and admins design, save, publish and delete definitions and operate instances.</summary>
    public const string Designers = "designers";

    /// <summary>Only admins manage client managers.</summary>
    public const string Admins = "admins";

    private const string Smart = "bearer-or-cookie";

    public static IServiceCollection AddSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Auth:MaxFailedSignIns", 5);
                o.Lockout.DefaultLockoutTimeSpan = configuration.GetValue("Auth:LockoutDuration", TimeSpan.FromMinutes(15));
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            // API clients send "Authorization: Bearer ..."; the browser UI has the cookie.
            .AddPolicyScheme(Smart, "Bearer token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = configuration.GetValue("Auth:AccessTokenLifetime", TimeSpan.FromHours(1));
                o.RefreshTokenExpiration = configuration.GetValue("Auth:RefreshTokenLifetime", TimeSpan.FromDays(14));
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/signin";
            o.AccessDeniedPath = "/denied";
            // An API call without a session gets 401/403, never a redirect to a sign-in page.
            o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Designers, p => p.RequireRole(Roles.Analyst, Roles.Admin))
            .AddPolicy(Admins, p => p.RequireRole(Roles.Admin));
        return services;
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
