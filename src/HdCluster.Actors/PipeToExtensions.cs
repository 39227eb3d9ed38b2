namespace HdCluster.Actors;

/// <summary>
/// Turns the outcome of asynchronous work into a message. An actor starts the work, pipes it to
/// itself and carries on with its mailbox; the result comes back in order like any other message,
/// so state is never touched from a continuation running beside the actor.
/// </summary>
public static class PipeToExtensions
{
    /// <summary>
    /// Sends the task's result (or <paramref name="success"/> applied to it) to <paramref name="recipient"/> when the
    /// task completes; a fault or cancellation arrives as <paramref name="failure"/> applied to the cause, or as
    /// <see cref="PipedTaskFailed"/>. The returned task completes once the message is sent and never faults.
    /// </summary>
    public static Task PipeTo<TResult>(
        this Task<TResult> task,
        ActorRef recipient,
        ActorRef? sender = null,
        Func<TResult, object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(
            completed => recipient.Tell(completed.IsCompletedSuccessfully ? OnSuccess(completed.Result, success, failure) : OnFailure(CauseOf(completed), failure), sender),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Sends <paramref name="success"/>'s message when the task completes, or its failure as in the generic overload.</summary>
    public static Task PipeTo(
        this Task task,
        ActorRef recipient,
        Func<object> success,
        ActorRef? sender = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(success);
        return task.ContinueWith(
            completed => recipient.Tell(completed.IsCompletedSuccessfully ? OnSuccess<object?>(null, _ => success(), failure) : OnFailure(CauseOf(completed), failure), sender),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static object OnSuccess<TResult>(TResult result, Func<TResult, object>? success, Func<Exception, object>? failure)
    {
        object? message;
        try
        {
            message = success is null ? result : success(result);
        }
        catch (Exception mappingError)
        {
            return OnFailure(mappingError, failure);
        }

        return message ?? OnFailure(
            new InvalidOperationException($"The piped {typeof(TResult).Name} result was null, and null cannot be sent; map it to a message."),
            failure);
    }

    private static object OnFailure(Exception cause, Func<Exception, object>? failure)
    {
        if (failure is null)
        {
            return new PipedTaskFailed(cause);
        }

        try
        {
            return failure(cause) ?? new PipedTaskFailed(cause);
        }
        catch (Exception mappingError)
        {
            return new PipedTaskFailed(mappingError);
        }
    }

    private static Exception CauseOf(Task completed) =>
        completed.IsCanceled ? new TaskCanceledException(completed)
        : completed.Exception!.InnerExceptions.Count == 1 ? completed.Exception.InnerExceptions[0]
        : completed.Exception;
}
