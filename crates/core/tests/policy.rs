//! The policies as values, on a virtual clock: retry (API.md "Errors", LESSONS.md), job polling and rate-limit pacing.

use hostup_core::{
    JobPoller, OperationStatus, Outcome, PollDecision, PollProfile, RateLimitInfo, RateLimiter, RequestKind,
    RetryAfter, RetryDecision, RetryPolicy,
};

const ALL_KINDS: [RequestKind; 5] =
    [RequestKind::Read, RequestKind::Create, RequestKind::Restore, RequestKind::Update, RequestKind::Delete];
const NOW: u64 = 1_777_293_296_000; // 2026-04-27T12:34:56Z, the seeds' timestamp

fn status(status: u16, retry_after: Option<RetryAfter>) -> Outcome {
    Outcome::Response { status, retry_after }
}

fn delay(ms: u64) -> Option<RetryAfter> {
    Some(RetryAfter::Delay { ms })
}

fn wait_of(d: RetryDecision) -> u64 {
    match d {
        RetryDecision::RetryAfter(ms) => ms,
        RetryDecision::Stop => panic!("expected a retry"),
    }
}

// ---------------------------------------------------------------- retry

#[test]
fn rate_limited_is_retried_after_exactly_retry_after_except_restore() {
    let p = RetryPolicy::default();
    for kind in ALL_KINDS {
        for (secs, random) in [(12u64, 0.0), (12, 0.5), (12, 0.999_999), (2, 0.999_999), (0, 0.7), (60, 0.999)] {
            let d = p.decide(kind, 0, status(429, delay(secs * 1000)), NOW, random);
            if kind == RequestKind::Restore {
                assert_eq!(d, RetryDecision::Stop, "a restore is never repeated automatically");
                continue;
            }
            let ms = wait_of(d);
            let base = secs * 1000;
            let jitter = (base / 10).min(1000);
            assert!(ms >= base && ms <= base + jitter, "{kind:?} {secs}s r={random}: {ms}");
            if random == 0.0 {
                assert_eq!(ms, base, "no jitter at random = 0: exactly Retry-After");
            }
        }
    }
}

#[test]
fn rate_limited_without_retry_after_backs_off() {
    let p = RetryPolicy::default();
    let ms = wait_of(p.decide(RequestKind::Create, 0, status(429, None), NOW, 0.5));
    assert!((1..=p.base_delay_ms).contains(&ms), "{ms}");
    assert_eq!(p.decide(RequestKind::Restore, 0, status(429, None), NOW, 0.5), RetryDecision::Stop);
}

#[test]
fn server_and_network_failures_are_retried_for_reads_only() {
    let p = RetryPolicy::default();
    let outcomes = [
        status(500, None),
        status(502, None),
        status(503, None),
        status(504, None),
        Outcome::Network,
        Outcome::Timeout,
        Outcome::Malformed,
    ];
    for outcome in outcomes {
        for kind in ALL_KINDS {
            let d = p.decide(kind, 0, outcome, NOW, 0.5);
            if kind == RequestKind::Read {
                let ms = wait_of(d);
                assert!((1..=p.base_delay_ms).contains(&ms), "{outcome:?}: {ms}");
            } else {
                assert_eq!(d, RetryDecision::Stop, "{kind:?} {outcome:?} may have been processed");
            }
        }
    }
}

#[test]
fn server_retry_after_is_a_floor_for_reads() {
    let p = RetryPolicy::default();
    assert_eq!(p.decide(RequestKind::Read, 0, status(503, delay(5_000)), NOW, 0.9), RetryDecision::RetryAfter(5_000));
    assert_eq!(p.decide(RequestKind::Create, 0, status(503, delay(5_000)), NOW, 0.9), RetryDecision::Stop);
}

#[test]
fn client_errors_are_final() {
    let p = RetryPolicy::default();
    for code in [400, 401, 403, 404, 409, 422, 501] {
        for kind in ALL_KINDS {
            assert_eq!(p.decide(kind, 0, status(code, delay(1000)), NOW, 0.5), RetryDecision::Stop, "{code} {kind:?}");
        }
    }
}

#[test]
fn max_retries_is_respected() {
    let p = RetryPolicy { max_retries: 2, ..RetryPolicy::default() };
    for outcome in [status(429, delay(1000)), status(503, None), Outcome::Network] {
        assert!(matches!(p.decide(RequestKind::Read, 0, outcome, NOW, 0.5), RetryDecision::RetryAfter(_)));
        assert!(matches!(p.decide(RequestKind::Read, 1, outcome, NOW, 0.5), RetryDecision::RetryAfter(_)));
        assert_eq!(p.decide(RequestKind::Read, 2, outcome, NOW, 0.5), RetryDecision::Stop);
        assert_eq!(p.decide(RequestKind::Read, 7, outcome, NOW, 0.5), RetryDecision::Stop);
    }
    let none = RetryPolicy { max_retries: 0, ..RetryPolicy::default() };
    assert_eq!(none.decide(RequestKind::Read, 0, Outcome::Network, NOW, 0.5), RetryDecision::Stop);
}

#[test]
fn backoff_is_full_jitter_and_capped() {
    let p = RetryPolicy { max_retries: 30, base_delay_ms: 250, max_delay_ms: 8_000, max_retry_after_ms: 120_000 };
    // random = 0: the 1 ms floor, at every step.
    for n in [0, 1, 5, 30] {
        assert_eq!(p.backoff(n, 0.0), 1);
    }
    // random ≈ 1: the step's ceiling, doubling until the cap.
    let top = |n| p.backoff(n, 0.999_999_9);
    assert!((249..=250).contains(&top(0)), "{}", top(0));
    assert!((499..=500).contains(&top(1)), "{}", top(1));
    assert!((3_999..=4_000).contains(&top(4)), "{}", top(4));
    for n in [5, 6, 10, 25, 30, u32::MAX] {
        assert!((7_999..=8_000).contains(&top(n)), "step {n}: {}", top(n));
    }
    assert_eq!(p.backoff(3, 1.0), 2_000);
    assert_eq!(p.backoff(50, 1.0), 8_000);
    // Full jitter: the middle of the range for random = 0.5.
    assert_eq!(p.backoff(2, 0.5), 500);
    // Out-of-range randomness is clamped, not trusted.
    assert_eq!(p.backoff(2, 7.0), 1_000);
    assert_eq!(p.backoff(2, -1.0), 1);
    assert_eq!(
        p.decide(RequestKind::Create, 0, status(429, delay(12_000)), NOW, 1e23),
        RetryDecision::RetryAfter(13_000),
        "the Retry-After jitter clamps it too"
    );
    assert_eq!(p.backoff(2, f64::NAN).max(1), p.backoff(2, f64::NAN));
}

#[test]
fn retry_after_as_http_date_is_resolved_against_now() {
    let p = RetryPolicy::default();
    let at = RetryAfter::parse("Mon, 27 Apr 2026 12:35:08 GMT").expect("IMF-fixdate");
    assert_eq!(at, RetryAfter::At { unix_ms: 1_777_293_308_000 });
    assert_eq!(at.delay_ms(NOW), 12_000);
    assert_eq!(p.decide(RequestKind::Create, 0, status(429, Some(at)), NOW, 0.0), RetryDecision::RetryAfter(12_000));
    let ms = wait_of(p.decide(RequestKind::Create, 0, status(429, Some(at)), NOW + 10_000, 0.999));
    assert!((2_000..=2_200).contains(&ms), "{ms}");
    // A date in the past: retry now.
    assert_eq!(p.decide(RequestKind::Read, 0, status(429, Some(at)), NOW + 60_000, 0.0), RetryDecision::RetryAfter(0));
}

#[test]
fn retry_after_beyond_the_limit_stops() {
    let p = RetryPolicy { max_retry_after_ms: 30_000, ..RetryPolicy::default() };
    assert!(matches!(
        p.decide(RequestKind::Read, 0, status(429, delay(30_000)), NOW, 0.0),
        RetryDecision::RetryAfter(30_000)
    ));
    for outcome in [status(429, delay(30_001)), status(503, delay(3_600_000))] {
        assert_eq!(p.decide(RequestKind::Read, 0, outcome, NOW, 0.0), RetryDecision::Stop, "{outcome:?}");
    }
    let far = RetryAfter::parse("Tue, 28 Apr 2026 12:34:56 GMT");
    assert_eq!(p.decide(RequestKind::Delete, 0, status(429, far), NOW, 0.0), RetryDecision::Stop);
}

// ---------------------------------------------------------------- job poller

fn after(d: PollDecision) -> u64 {
    match d {
        PollDecision::PollAfter(ms) => ms,
        other => panic!("expected a poll, got {other:?}"),
    }
}

#[test]
fn first_poll_is_quick() {
    let p = JobPoller::new(PollProfile::SNAPSHOT, 5_000, Some(600_000));
    assert_eq!(p.start(5_000, &OperationStatus::Queued), PollDecision::PollAfter(250));
    assert_eq!(p.start(5_000, &OperationStatus::Pending), PollDecision::PollAfter(250));
    let b = JobPoller::new(PollProfile::BACKUP, 0, None);
    assert_eq!(b.start(0, &OperationStatus::Queued), PollDecision::PollAfter(PollProfile::BACKUP.first_ms));
    // Already final: no poll at all.
    assert_eq!(p.start(5_000, &OperationStatus::Completed), PollDecision::Completed);
    assert_eq!(p.start(5_000, &OperationStatus::Failed), PollDecision::Failed);
}

#[test]
fn waits_grow_with_elapsed_time_and_are_capped() {
    let mut p = JobPoller::new(PollProfile::SNAPSHOT, 1_000, None);
    let mut last = 0;
    for elapsed in [250u64, 2_000, 5_000, 10_000, 20_000, 40_000] {
        let w = after(p.observe(1_000 + elapsed, &OperationStatus::InProgress, None));
        assert!(w >= last, "waits never shrink: {w} after {last}");
        assert!(w <= 5_000);
        last = w;
    }
    assert!(last > 4_000, "{last}");
    assert_eq!(after(p.observe(1_000 + 3_600_000, &OperationStatus::InProgress, None)), 5_000, "snapshot cap");
    assert_eq!(p.polls(), 7);

    let mut b = JobPoller::new(PollProfile::BACKUP, 0, None);
    assert_eq!(after(b.observe(1_000, &OperationStatus::Queued, None)), 1_000, "backup floor");
    let mid = after(b.observe(100_000, &OperationStatus::InProgress, None));
    assert!(mid > 5_000 && mid < 30_000, "{mid}");
    assert_eq!(after(b.observe(7_200_000, &OperationStatus::InProgress, None)), 30_000, "backup cap");
}

#[test]
fn retry_after_is_a_floor_for_the_next_poll() {
    let mut p = JobPoller::new(PollProfile::SNAPSHOT, 0, None);
    assert_eq!(after(p.observe(1_000, &OperationStatus::InProgress, Some(3_000))), 3_000);
    assert_eq!(
        after(p.observe(4_000, &OperationStatus::InProgress, Some(10))),
        480,
        "a small Retry-After adds nothing"
    );
    assert_eq!(after(p.observe_transient_error(5_000, Some(20_000))), 20_000, "above the cap too");
}

#[test]
fn completed_and_failed_end_polling() {
    let mut p = JobPoller::new(PollProfile::SNAPSHOT, 0, Some(10_000));
    assert_eq!(p.observe(500, &OperationStatus::Completed, None), PollDecision::Completed);
    assert_eq!(p.observe(600, &OperationStatus::Failed, Some(5_000)), PollDecision::Failed);
    // Even past the deadline, a final answer is reported as such.
    assert_eq!(p.observe(99_000, &OperationStatus::Completed, None), PollDecision::Completed);
    let mut q = JobPoller::new(PollProfile::SNAPSHOT, 0, None);
    assert!(matches!(q.observe(500, &OperationStatus::Unknown("paused".into()), None), PollDecision::PollAfter(_)));
}

#[test]
fn deadline_is_honoured_exactly() {
    let mut p = JobPoller::new(PollProfile::SNAPSHOT, 1_000, Some(10_000));
    // The next wait would be ~1.1 s; the deadline is 100 ms away: the last poll lands on it.
    assert_eq!(p.observe(10_900, &OperationStatus::InProgress, None), PollDecision::PollAfter(100));
    assert_eq!(p.observe(11_000, &OperationStatus::InProgress, None), PollDecision::DeadlinePassed);
    assert_eq!(p.observe(12_000, &OperationStatus::InProgress, None), PollDecision::DeadlinePassed);

    // A Retry-After past the deadline is clipped too.
    let mut q = JobPoller::new(PollProfile::SNAPSHOT, 0, Some(5_000));
    assert_eq!(q.observe(4_000, &OperationStatus::Queued, Some(60_000)), PollDecision::PollAfter(1_000));
    // A timeout shorter than the first wait.
    let r = JobPoller::new(PollProfile::BACKUP, 0, Some(300));
    assert_eq!(r.start(0, &OperationStatus::Queued), PollDecision::PollAfter(300));
    let z = JobPoller::new(PollProfile::BACKUP, 0, Some(0));
    assert_eq!(z.start(0, &OperationStatus::Queued), PollDecision::DeadlinePassed);
}

#[test]
fn transient_errors_keep_polling_until_the_deadline() {
    let mut p = JobPoller::new(PollProfile::SNAPSHOT, 0, Some(30_000));
    let mut now = 0;
    let mut d = p.start(now, &OperationStatus::Queued);
    while let PollDecision::PollAfter(w) = d {
        now += w;
        d = p.observe_transient_error(now, None);
    }
    assert_eq!(d, PollDecision::DeadlinePassed);
    assert_eq!(now, 30_000, "the last poll was on the deadline");
    assert!(p.polls() > 5);
}

/// Polls a job that completes at `done_ms` on a virtual clock; returns (polls, detection delay).
fn simulate(profile: PollProfile, done_ms: u64) -> (u32, u64) {
    let mut poller = JobPoller::new(profile, 0, Some(done_ms * 10));
    let mut now = 0;
    let mut d = poller.start(now, &OperationStatus::Queued);
    while let PollDecision::PollAfter(w) = d {
        assert!(w > 0);
        now += w;
        let status = if now >= done_ms { OperationStatus::Completed } else { OperationStatus::InProgress };
        d = poller.observe(now, &status, None);
    }
    assert_eq!(d, PollDecision::Completed);
    (poller.polls(), now - done_ms)
}

#[test]
fn adaptive_polling_beats_a_fixed_500ms_poller() {
    let duration = 60_000;
    let fixed_polls = duration / 500; // polls at 500, 1000, …, 60 000
    let (polls, delay) = simulate(PollProfile::SNAPSHOT, duration);
    assert!(u64::from(polls) * 3 <= fixed_polls, "{polls} polls vs {fixed_polls} fixed");
    assert!(delay * 100 < duration * 15, "noticed {delay} ms late");
    // Short jobs are still noticed quickly.
    let (_, short_delay) = simulate(PollProfile::SNAPSHOT, 2_000);
    assert!(short_delay <= 250, "{short_delay}");
    // A 30-minute backup costs few requests and is noticed within the 30 s cap.
    let (polls, delay) = simulate(PollProfile::BACKUP, 30 * 60_000);
    assert!(polls < 120 && delay <= 30_000, "{polls} polls, {delay} ms late");
}

// ---------------------------------------------------------------- rate limiter

fn info(limit: u64, remaining: u64) -> RateLimitInfo {
    RateLimitInfo { limit: Some(limit), remaining: Some(remaining), reset: None }
}

#[test]
fn unknown_limits_send_freely() {
    let mut r = RateLimiter::new();
    assert_eq!(r.available(), None);
    for t in 0..1_000 {
        assert_eq!(r.acquire(t), None);
    }
    // Headers without both numbers teach it nothing.
    r.observe(0, &RateLimitInfo { limit: Some(60), remaining: None, reset: None }, 0);
    r.observe(0, &info(0, 0), 0);
    assert_eq!(r.acquire(0), None);
    assert_eq!(r.available(), None);
}

#[test]
fn empty_bucket_waits_about_one_refill() {
    let mut r = RateLimiter::new();
    r.observe(0, &info(60, 0), 0);
    assert_eq!(r.available(), Some(0));
    let w = r.acquire(0).expect("must wait");
    assert!((1_000..=1_200).contains(&w), "60/min refills one in ~1 s: {w}");
    assert_eq!(r.acquire(w), None, "after the wait it sends");
    assert!(r.acquire(w).is_some(), "and the next one waits again");
}

#[test]
fn remaining_requests_pass_then_wait() {
    let mut r = RateLimiter::new();
    r.observe(0, &info(60, 5), 0);
    assert_eq!(r.available(), Some(5));
    for i in 0..5 {
        assert_eq!(r.acquire(0), None, "request {i}");
    }
    assert!(r.acquire(0).is_some());
}

#[test]
fn in_flight_requests_are_subtracted() {
    let mut r = RateLimiter::new();
    r.observe(0, &info(60, 5), 2);
    assert_eq!(r.available(), Some(3));
    for _ in 0..3 {
        assert_eq!(r.acquire(0), None);
    }
    assert!(r.acquire(0).is_some());
    // A later answer cannot give back tokens the client already spent.
    r.observe(1, &info(60, 5), 0);
    assert!(r.acquire(1).is_some());
}

#[test]
fn block_for_after_a_429_blocks_until_then() {
    let mut unknown = RateLimiter::new();
    unknown.block_for(1_000, 12_000);
    assert_eq!(unknown.acquire(1_000), Some(12_000));
    assert_eq!(unknown.acquire(12_999), Some(1));
    assert_eq!(unknown.acquire(13_000), None, "Retry-After: one request may be sent then");

    let mut known = RateLimiter::new();
    known.observe(0, &info(60, 30), 0);
    known.block_for(1_000, 12_000);
    assert_eq!(known.acquire(5_000), Some(8_000));
    assert_eq!(known.acquire(13_000), None, "Retry-After: one request may be sent then");
    let w = known.acquire(13_000).expect("only one: the bucket refills from the end of the block");
    assert!((1_000..=1_200).contains(&w), "{w}");
    // An absurd Retry-After (a proxy's garbage) blocks for good rather than overflow.
    let mut huge = RateLimiter::new();
    huge.block_for(5, u64::MAX);
    assert_eq!(huge.acquire(10), Some(u64::MAX - 10));
    // A shorter block later does not shorten the first.
    let mut twice = RateLimiter::new();
    twice.block_for(0, 10_000);
    twice.block_for(1_000, 1_000);
    assert_eq!(twice.acquire(5_000), Some(5_000));
}

#[test]
fn rate_limit_headers_are_read_from_any_response() {
    let resp = hostup_core::Response {
        status: 200,
        headers: vec![
            ("x-ratelimit-limit".into(), " 60 ".into()),
            ("X-RateLimit-Remaining".into(), "59".into()),
            ("X-RateLimit-Reset".into(), "1777293308".into()),
        ],
        body: vec![],
    };
    let i = RateLimitInfo::from_response(&resp);
    assert_eq!((i.limit, i.remaining), (Some(60), Some(59)));
    assert_eq!(i.reset, Some(RetryAfter::At { unix_ms: 1_777_293_308_000 }));
    let junk = hostup_core::Response {
        headers: vec![("X-RateLimit-Limit".into(), "lots".into()), ("X-RateLimit-Remaining".into(), "-1".into())],
        ..resp
    };
    assert_eq!(RateLimitInfo::from_response(&junk), RateLimitInfo::default());
}

/// Follows `durations` (all started at t=0, `stagger_ms` apart) on a virtual clock with one shared board; returns
/// (total polls, worst detection delay).
fn simulate_batch(durations: &[u64], stagger_ms: u64, shared_board: bool) -> (u32, u64) {
    use hostup_core::PollBoard;
    let profile = PollProfile::SNAPSHOT;
    let mut board = PollBoard::new();
    let mut pollers: Vec<JobPoller> =
        (0..durations.len()).map(|i| JobPoller::new(profile, i as u64 * stagger_ms, None)).collect();
    let mut due: Vec<Option<u64>> = pollers
        .iter()
        .enumerate()
        .map(|(i, p)| match p.start(i as u64 * stagger_ms, &OperationStatus::Queued) {
            PollDecision::PollAfter(d) => Some(i as u64 * stagger_ms + d),
            _ => None,
        })
        .collect();
    let (mut polls, mut worst) = (0, 0);
    while let Some((i, now)) = due.iter().enumerate().filter_map(|(i, d)| d.map(|d| (i, d))).min_by_key(|&(_, d)| d) {
        let started = i as u64 * stagger_ms;
        let age = pollers[i].age_ms(now);
        if shared_board && pollers[i].may_skip(now) && board.suggests_skip(i as u64, &profile, age, now) {
            due[i] = match pollers[i].skipped(now) {
                PollDecision::PollAfter(d) => Some(now + d),
                _ => None,
            };
            continue;
        }
        polls += 1;
        let done = now >= started + durations[i];
        let status = if done { OperationStatus::Completed } else { OperationStatus::InProgress };
        board.observe(i as u64, &profile, age, now, &status);
        due[i] = match pollers[i].observe(now, &status, None) {
            PollDecision::PollAfter(d) => Some(now + d),
            _ => {
                worst = worst.max(now - (started + durations[i]));
                board.leave(i as u64);
                None
            }
        };
    }
    (polls, worst)
}

#[test]
fn a_batch_of_like_jobs_polls_through_a_scout() {
    let batch = vec![3_000; 300];
    let (alone, alone_delay) = simulate_batch(&batch, 1, false);
    let (shared, shared_delay) = simulate_batch(&batch, 1, true);
    assert!(shared * 4 < alone, "a scout saves most polls: {shared} with the board vs {alone} without");
    assert!(shared <= 2 * 300, "about one poll per job after the scout's: {shared}");
    assert!(shared_delay <= alone_delay + 500, "and notices the end about as fast: {shared_delay} vs {alone_delay} ms");
}

#[test]
fn a_lone_job_is_polled_as_without_a_board() {
    assert_eq!(simulate_batch(&[7_000], 0, true), simulate_batch(&[7_000], 0, false));
}

#[test]
fn a_short_job_in_a_batch_of_long_ones_is_still_seen_within_the_cap() {
    let mut batch = vec![600_000; 20];
    batch.push(2_000); // the youngest job, much shorter than its batch
    let (_, worst) = simulate_batch(&batch, 10, true);
    assert!(
        worst <= PollProfile::SNAPSHOT.cap_ms + PollProfile::SNAPSHOT.cap_ms,
        "seen within the cap: {worst} ms late"
    );
}
