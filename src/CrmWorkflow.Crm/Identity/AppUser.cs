using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Crm.Identity;

/// <summary>A person who signs in: an admin, analyst, client manager or consultant.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>Name shown in the UI.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Work queues the user takes tasks from, comma-separated (e.g. "complaints,north").</summary>
    public string? Queues { get; set; }

    /// <summary>The client-manager record this user works as, if any.</summary>
    public string? ClientManagerId { get; set; }

    /// <summary>The queues as a list.</summary>
    public IReadOnlyList<string> QueueList =>
        (Queues ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The four roles of the product.</summary>
public static class Roles
{
    /// <summary>Runs the installation.</summary>
    public const string Admin = "Admin";
    /// <summary>Designs and publishes workflows.</summary>
    public const string Analyst = "Analyst";
    /// <summary>Works tasks and customers.</summary>
    public const string ClientManager = "ClientManager";
    /// <summary>Runs rollout projects.</summary>
    public const string Consultant = "Consultant";

    /// <summary>All roles.</summary>
    public static readonly string[] All = [Admin, Analyst, ClientManager, Consultant];
}
