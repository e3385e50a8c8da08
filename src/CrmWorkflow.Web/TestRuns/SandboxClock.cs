namespace CrmWorkflow.Web.TestRuns;

/// <summary>
/// The test run's clock: the host's time plus however far the analyst skipped ahead, so a
/// four-hour timer can be tried without waiting four hours.
/// </summary>
public sealed class SandboxClock(TimeProvider host) : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far ahead of the host's clock the sandbox runs.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the sandbox's time forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => host.GetUtcNow() + Offset;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => host.LocalTimeZone;
}
