//! Waiters: an operation polled until a long-running change is done, has failed, or the wait
//! timed out, with a typed outcome for each.
//!
//! The generator renders, per waiter a service declares, a `wait_until_<name>` method on the
//! polled operation's request builder that tells from a reply whether the change is done,
//! failed or still pending ([`Poll`]); the polling, the backoff and the deadline are here.
//! Each poll is an ordinary call: signed, retried on the failures worth another attempt, and
//! traced. An error a call still ends with ends the wait (as [`WaitError::Call`]), except
//! where the waiter waits for the resource to be gone and the service answers 404.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::Error;

/// How long and how often a waiter polls. Unset values take the waiter's own defaults, from
/// its service's specification.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaitOptions {
    timeout: Option<Duration>,
    delay: Option<Duration>,
    max_delay: Option<Duration>,
}

/// How long a waiter waits unless told otherwise.
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(30 * 60);

impl WaitOptions {
    /// The waiter's defaults: polls every few seconds, backing off, for up to 30 minutes.
    pub fn new() -> Self {
        WaitOptions::default()
    }

    /// Gives up after `timeout` (default 30 minutes) with [`WaitError::TimedOut`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Waits `delay` after the first poll, doubling after each poll up to `max_delay`.
    pub fn delay(mut self, delay: Duration, max_delay: Duration) -> Self {
        self.delay = Some(delay);
        self.max_delay = Some(max_delay.max(delay));
        self
    }
}

/// What one reply says of the change a waiter waits for. Generated code returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poll {
    /// The change is done.
    Done,
    /// The change failed, with the reason the reply gives.
    Failed(Option<String>),
    /// Not yet: poll again.
    Pending,
}

/// Why a wait ended without the change being done.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaitError<T, E> {
    /// The reply said the change failed.
    #[error("the operation failed: {}", reason.as_deref().unwrap_or("the reply gives no reason"))]
    Failed {
        /// The reason the reply gives.
        reason: Option<String>,
        /// The reply that said so.
        last: Box<T>,
    },
    /// The change was not done within the timeout.
    #[error("timed out after {waited:?} ({polls} polls)")]
    TimedOut {
        /// The last reply received, if any.
        last: Option<Box<T>>,
        /// How long the waiter waited.
        waited: Duration,
        /// How many times it polled.
        polls: u32,
    },
    /// A poll failed.
    #[error(transparent)]
    Call(E),
}

/// Polls with `poll` until `classify` says a reply is done (its reply is returned) or failed,
/// `options`' timeout passes, or a poll fails. Generated code calls this, with the waiter's
/// `delay` and `max_delay`.
pub async fn until_state<T, B, F, Fut>(
    options: WaitOptions,
    delay: Duration,
    max_delay: Duration,
    mut poll: F,
    classify: impl Fn(&T) -> Poll,
) -> Result<T, WaitError<T, Error<B>>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error<B>>>,
{
    let mut schedule = Schedule::new(options, delay, max_delay);
    loop {
        let reply = poll().await.map_err(WaitError::Call)?;
        match classify(&reply) {
            Poll::Done => return Ok(reply),
            Poll::Failed(reason) => {
                return Err(WaitError::Failed {
                    reason,
                    last: Box::new(reply),
                })
            }
            Poll::Pending => schedule.wait(Some(reply)).await?,
        }
    }
}

/// Polls with `poll` until the service answers 404 (the resource is gone), `options`'
/// timeout passes, or a poll fails otherwise. Generated code calls this.
pub async fn until_gone<T, B, F, Fut>(
    options: WaitOptions,
    delay: Duration,
    max_delay: Duration,
    mut poll: F,
) -> Result<(), WaitError<T, Error<B>>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error<B>>>,
{
    let mut schedule = Schedule::new(options, delay, max_delay);
    loop {
        match poll().await {
            Err(error) if error.status() == Some(404) => return Ok(()),
            Err(error) => return Err(WaitError::Call(error)),
            Ok(reply) => schedule.wait(Some(reply)).await?,
        }
    }
}

/// When the next poll is due, and when the wait gives up.
struct Schedule {
    started: Instant,
    timeout: Duration,
    delay: Duration,
    max_delay: Duration,
    polls: u32,
}

impl Schedule {
    fn new(options: WaitOptions, delay: Duration, max_delay: Duration) -> Self {
        let delay = options.delay.unwrap_or(delay);
        Schedule {
            started: Instant::now(),
            timeout: options.timeout.unwrap_or(DEFAULT_WAIT_TIMEOUT),
            delay,
            max_delay: options.max_delay.unwrap_or(max_delay).max(delay),
            polls: 0,
        }
    }

    /// Sleeps until the next poll, or gives up with the last reply when it would be after the
    /// deadline.
    async fn wait<T, E>(&mut self, last: Option<T>) -> Result<(), WaitError<T, E>> {
        self.polls += 1;
        let waited = self.started.elapsed();
        if waited + self.delay > self.timeout {
            return Err(WaitError::TimedOut {
                last: last.map(Box::new),
                waited,
                polls: self.polls,
            });
        }
        tokio::time::sleep(self.delay).await;
        self.delay = (self.delay * 2).min(self.max_delay);
        Ok(())
    }
}
