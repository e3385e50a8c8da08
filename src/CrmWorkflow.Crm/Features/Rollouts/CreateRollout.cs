using System.Globalization;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>
/// A new rollout project. Percentages are in percent (25 = 25 %); money in the project's
/// currency. Targets may be left out and set in stage 2 (checklist item 8).
/// </summary>
public sealed record CreateRollout(string? Name, string? Organisation, DateOnly? StartedOn, DateOnly? TargetGoLive, string? ConsultantUserId = null,
    decimal? Budget = null, decimal? TcoTarget = null, decimal? RoiTargetPercent = null, decimal? AdoptionTargetPercent = null,
    decimal? PilotAdoptionTargetPercent = null)
{
    /// <summary>Problems with the command, by JSON path.</summary>
    public List<ValidationProblem> Validate(DateOnly today)
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add(new("$.name", "A project name is required."));
        else if (Name.Length > 200) problems.Add(new("$.name", "The name is at most 200 characters."));
        if (string.IsNullOrWhiteSpace(Organisation)) problems.Add(new("$.organisation", "The organisation adopting the CRM is required."));
        else if (Organisation.Length > 200) problems.Add(new("$.organisation", "The organisation is at most 200 characters."));
        var start = StartedOn ?? today;
        if (StartedOn is { } s && Math.Abs(s.DayNumber - today.DayNumber) > 3653) problems.Add(new("$.startedOn", "The start is within ten years of today."));
        if (TargetGoLive is not { } goLive) problems.Add(new("$.targetGoLive", "The target go-live date is required (e.g. 2027-06-30)."));
        else if (goLive.DayNumber - start.DayNumber < 6) problems.Add(new("$.targetGoLive", "Go-live must be at least 6 days after the start: stages 1-6 need a day each."));
        else if (goLive.DayNumber - start.DayNumber > 3653) problems.Add(new("$.targetGoLive", "Go-live is at most ten years after the start."));
        if (ConsultantUserId is { Length: 0 or > 450 }) problems.Add(new("$.consultantUserId", "Give a user id of at most 450 characters, or leave it out."));
        Range(problems, "$.budget", Budget, 0, 1e12m, "The budget");
        Range(problems, "$.tcoTarget", TcoTarget, 0, 1e12m, "The TCO target");
        Range(problems, "$.roiTargetPercent", RoiTargetPercent, 0, 10_000, "The ROI target");
        Range(problems, "$.adoptionTargetPercent", AdoptionTargetPercent, 0, 100, "The adoption target");
        Range(problems, "$.pilotAdoptionTargetPercent", PilotAdoptionTargetPercent, 0, 100, "The pilot adoption target");
        return problems;
    }

    private static void Range(List<ValidationProblem> problems, string path, decimal? value, decimal min, decimal max, string what)
    {
        if (value is { } v && (v < min || v > max))
            problems.Add(new(path, $"{what} is between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString("#,0", CultureInfo.InvariantCulture)}."));
    }
}

/// <summary>What creating a project did: the project and the workflow instance(s) it started.</summary>
public sealed record RolloutCreated(long Id, string Name, IReadOnlyList<string> WorkflowInstances);

/// <summary>Creates a project from the methodology and starts its rollout workflow.</summary>
public sealed class CreateRolloutHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock)
{
    /// <summary>Creates the project; <paramref name="callerUserId"/> is its consultant unless the command names one.</summary>
    public async Task<RolloutResult<RolloutCreated>> HandleAsync(CreateRollout command, string? callerUserId, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (command.Validate(today) is { Count: > 0 } problems) return RolloutResult<RolloutCreated>.Invalid(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultantId = command.ConsultantUserId ?? callerUserId;
        var consultant = consultantId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == consultantId).Select(u => new { u.Id, u.Email, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (command.ConsultantUserId is not null && consultant is null)
            return RolloutResult<RolloutCreated>.Invalid("$.consultantUserId", $"There is no user '{command.ConsultantUserId}'.");
        if (command.ConsultantUserId is not null && !await IsConsultantAsync(db, consultant!.Id, ct))
            return RolloutResult<RolloutCreated>.Invalid("$.consultantUserId", "The consultant must have the Consultant or Admin role.");

        var start = command.StartedOn ?? today;
        var project = new RolloutProject
        {
            Name = command.Name!.Trim(), Organisation = command.Organisation!.Trim(), ConsultantUserId = consultant?.Id,
            StartedOn = start, TargetGoLive = command.TargetGoLive!.Value, Budget = command.Budget ?? 0, TcoTarget = command.TcoTarget ?? 0,
            RoiTarget = (command.RoiTargetPercent ?? 0) / 100m,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.RolloutProjects.Add(project);
        await db.SaveChangesAsync(ct);
        RolloutPlan.AddRows(db, project, command);
        var eventId = runtime.QueueEvent(db, RolloutMethodology.CreatedEvent, project.Id.ToString(CultureInfo.InvariantCulture), new JsonObject
        {
            ["projectId"] = project.Id, ["name"] = project.Name, ["organisation"] = project.Organisation,
            ["consultantUserId"] = consultant?.Id, ["consultantEmail"] = consultant?.Email, ["consultantName"] = consultant?.DisplayName,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var result = await runtime.DispatchEventAsync(eventId, ct);
        return RolloutResult<RolloutCreated>.Ok(new RolloutCreated(project.Id, project.Name, result.StartedInstances));
    }

    private static Task<bool> IsConsultantAsync(CrmDbContext db, string userId, CancellationToken ct) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where ur.UserId == userId && (r.Name == Roles.Consultant || r.Name == Roles.Admin)
         select ur).AnyAsync(ct);
}
