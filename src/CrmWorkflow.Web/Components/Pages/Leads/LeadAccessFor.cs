using System.Security.Claims;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Components.Pages.Leads;

/// <summary>Which leads a signed-in user may see: a client manager only those assigned to them.</summary>
public static class LeadAccessFor
{
    public static async Task<LeadAccess> UserAsync(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        if (principal.IsInRole(Roles.Admin) || principal.IsInRole(Roles.Analyst)) return LeadAccess.All;
        var user = await users.GetUserAsync(principal);
        return new LeadAccess(user?.ClientManagerId ?? "(none)");
    }
}
