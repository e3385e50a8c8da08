using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Web.Api;

/// <summary>POST /api/auth/login, /refresh, /logout and GET /api/auth/me.</summary>
public static class AuthEndpoints
{
    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record RefreshRequest(string? RefreshToken);

    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in");
        auth.MapPost("/login", Login).AllowAnonymous()
            .WithSummary("Signs in with email and password: returns a bearer and refresh token, or sets the UI cookie with ?useCookies=true.");
        auth.MapPost("/refresh", Refresh).AllowAnonymous().WithSummary("Exchanges a refresh token for a new bearer token.");
        auth.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.NoContent();
        }).WithSummary("Ends the cookie session.");
        auth.MapGet("/me", async (HttpContext http, UserManager<AppUser> users) =>
        {
            var user = await users.GetUserAsync(http.User);
            return user is null ? Results.Unauthorized() : Results.Ok(new
            {
                id = user.Id, email = user.Email, displayName = user.DisplayName, roles = await users.GetRolesAsync(user),
                queues = user.QueueList, clientManagerId = user.ClientManagerId,
            });
        }).WithSummary("Who is signed in.");
    }

    private static async Task<IResult> Login(HttpRequest request, SignInManager<AppUser> signIn, bool? useCookies)
    {
        var (body, problem) = await JsonBody.ReadAsync<LoginRequest>(request);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(body!.Email)) return Problems.Invalid("$.email", "Email is required.");
        if (string.IsNullOrEmpty(body.Password)) return Problems.Invalid("$.password", "Password is required.");
        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(body.Email, body.Password, isPersistent: useCookies == true, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return Results.Problem(detail: "Too many failed sign-ins; the account is locked for a while.", statusCode: 401, title: "Locked out.");
        if (!result.Succeeded)
            return Results.Problem(detail: "Email or password is wrong.", statusCode: 401, title: "Sign-in failed.");
        // The sign-in handler has written the token response (or the cookie).
        return Results.Empty;
    }

    private static async Task<IResult> Refresh(HttpRequest request, SignInManager<AppUser> signIn,
        IOptionsMonitor<BearerTokenOptions> options, TimeProvider clock)
    {
        var (body, problem) = await JsonBody.ReadAsync<RefreshRequest>(request);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(body!.RefreshToken)) return Problems.Invalid("$.refreshToken", "A refresh token is required.");
        var ticket = options.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
            return Results.Problem(detail: "The refresh token is invalid or expired; sign in again.", statusCode: 401, title: "Sign-in required.");
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
