namespace NewsApi.Tests.Infrastructure;

/// <summary>Waiting in a test for what another task, thread or process does (a delivery, a request joining a queue).</summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="done"/> holds, failing with <paramref name="what"/> after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> done, string what, TimeSpan? timeout = null, Func<Task>? meanwhile = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for: {what}");
            if (meanwhile is not null)
            {
                await meanwhile();
            }

            await Task.Delay(50);
        }
    }
}
