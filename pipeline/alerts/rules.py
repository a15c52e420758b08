"""Operational alerts in the streaming job (spec 7.1 P1 and 7.2 P2), over event time.

Calls and failures (`signals.py`) go into sliding windows (5 minutes every minute, late data
accepted for 10 minutes, a late arrival firing its window again with everything in it). Each
window's `WindowStats` is judged by every rule (`judge`), and a stateful step per rule turns
those judgements into alerts without storms:

- a condition that starts to hold triggers once, and is not triggered again until it clears,
  when a resolution is sent;
- a condition that triggered within its cooldown (config, per severity) opens silently;
- a condition that flips `flap_changes` times within `flap_window_seconds` is held back
  (opened and closed silently) until it settles;
- spikes and budget burn are judged against a fixed threshold and against an exponentially
  weighted moving average of earlier windows (`ewma_factor` x baseline).

Agent Down and Queue Backlog are judged outside the job, by `voice-analytics alerts monitor`
(pipeline/alerts/monitor.py): the job cannot see its own backlog or a silent agent.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.transforms import trigger, window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import (
    BagStateSpec,
    ReadModifyWriteStateSpec,
    TimerSpec,
    on_timer,
)

from pipeline.alerts.model import Alert
from pipeline.alerts.signals import (
    Observation,
    WindowStats,
    call_observation,
    failure_observation,
)

WINDOWED_RULES = ("error_rate_critical", "latency_critical", "api_failures",
                  "latency_sustained", "error_rate_high", "token_spike", "cost_burn",
                  "connection_degraded")
BASELINE_RULES = frozenset({"token_spike", "cost_burn"})


@dataclass(frozen=True)
class Judgement:
    """One rule over one window: whether its condition holds, and the figure behind it."""

    rule: str
    window_end: datetime
    holds: bool | None  # None: decided against the baseline in `AlertStateFn`
    value: float | None
    detail: str


def judge(stats: WindowStats, window_start: datetime, window_end: datetime,
          config: dict) -> list[Judgement]:
    rules = config["operational"]
    minutes = int((window_end - window_start).total_seconds() // 60)
    out: list[Judgement] = []

    def add(rule: str, holds: bool | None, value: float | None, detail: str) -> None:
        out.append(Judgement(rule, window_end, holds, value, detail))

    for rule in ("error_rate_critical", "error_rate_high"):
        settings, rate = rules[rule], stats.error_rate
        enough = stats.attempts >= settings["min_sessions"]
        add(rule, enough and rate is not None and rate > settings["threshold"], rate,
            f"error rate {rate or 0:.1%} over {stats.attempts} calls and messages "
            f"({stats.errors} errors)")
    average = stats.average_latency_ms
    settings = rules["latency_critical"]
    add("latency_critical", average is not None and stats.latency_turns >= settings["min_turns"]
        and average > settings["threshold_ms"], average,
        f"average latency {average or 0:.0f} ms over {stats.latency_turns} agent turns")
    settings = rules["latency_sustained"]
    first_minute = int(window_start.timestamp()) // 60
    per_minute = stats.minute_averages(first_minute, settings["minutes"])
    add("latency_sustained", minutes >= settings["minutes"] and all(
        m is not None and m > settings["threshold_ms"] for m in per_minute),
        min((m for m in per_minute if m is not None), default=None),
        "average latency per minute: " + ", ".join(
            "-" if m is None else f"{m:.0f}" for m in per_minute) + " ms")
    settings = rules["api_failures"]
    add("api_failures", stats.api_failures >= settings["threshold"], stats.api_failures,
        f"{stats.api_failures} failed writes to the warehouse, Salesforce or Amplitude")
    tokens_per_minute = stats.tokens / max(minutes, 1)
    add("token_spike", None, tokens_per_minute, f"{tokens_per_minute:,.0f} tokens a minute")
    cost_per_hour = stats.cost_usd * 60 / max(minutes, 1)
    add("cost_burn", None, cost_per_hour, f"${cost_per_hour:,.2f} an hour")
    settings = rules["connection_degraded"]
    share = stats.poor_connections / stats.connection_known if stats.connection_known else None
    add("connection_degraded", share is not None
        and stats.connection_known >= settings["min_sessions"] and share > settings["poor_share"],
        share, f"{stats.poor_connections} of {stats.connection_known} calls with a poor "
               f"connection")
    return out


class WindowStatsFn(beam.CombineFn):
    def create_accumulator(self) -> WindowStats:
        return WindowStats()

    def add_input(self, stats: WindowStats, seen: Observation) -> WindowStats:
        return stats.add(seen)

    def merge_accumulators(self, accumulators) -> WindowStats:
        merged = WindowStats()
        for stats in accumulators:
            merged.merge(stats)
        return merged

    def extract_output(self, stats: WindowStats) -> WindowStats:
        return stats


class JudgeWindowFn(beam.DoFn):
    def __init__(self, config: dict) -> None:
        self.config = config

    def process(self, stats: WindowStats, bounds=beam.DoFn.WindowParam):
        start = bounds.start.to_utc_datetime().replace(tzinfo=UTC)
        end = bounds.end.to_utc_datetime().replace(tzinfo=UTC)
        for judgement in judge(stats, start, end, self.config):
            yield judgement.rule, judgement


@dataclass
class RuleState:
    rule: str = ""
    open: bool = False
    episode: str | None = None  # alert id of the open episode
    paged: bool = False  # whether the open episode was sent (not held)
    last_sent: datetime | None = None
    changes: list[datetime] = field(default_factory=list)
    baseline: float | None = None
    windows_seen: int = 0
    last_window: datetime | None = None
    due: datetime | None = None  # when the timer fires next


def baseline_holds(settings: dict, value: float, state: RuleState, fixed: float) -> bool:
    """Over the fixed threshold, or over `ewma_factor` x the moving average once it has
    `min_baseline_windows` windows behind it."""
    if value > fixed:
        return True
    return (state.baseline is not None and state.windows_seen >= settings["min_baseline_windows"]
            and state.baseline > 0 and value > settings["ewma_factor"] * state.baseline)


class AlertStateFn(beam.DoFn):
    """Per rule: judgements in, trigger and resolve alerts out, without storms.

    Judgements are taken in window order: each waits in state until the watermark passes its
    window's end (a burst of windows firing together, as after a restart, would otherwise
    arrive in any order). An open condition whose next window has no data at all (no calls,
    no failures) clears then."""

    STATE = ReadModifyWriteStateSpec("rule_state", PickleCoder())
    PENDING = BagStateSpec("pending", PickleCoder())
    DUE = TimerSpec("due", TimeDomain.WATERMARK)

    def __init__(self, config: dict) -> None:
        self.config = config
        self.period = timedelta(seconds=config["windows"]["period_seconds"])

    def process(self, keyed: tuple[str, Judgement],
                stored=beam.DoFn.StateParam(STATE),  # noqa: B008 - Beam's state idiom
                pending=beam.DoFn.StateParam(PENDING),  # noqa: B008
                due=beam.DoFn.TimerParam(DUE)):  # noqa: B008
        rule, judgement = keyed
        pending.add(judgement)
        state: RuleState = stored.read() or RuleState(rule=rule)
        if state.due is None or judgement.window_end < state.due:
            state.due = judgement.window_end
            due.set(state.due.timestamp())
        stored.write(state)

    @on_timer(DUE)
    def on_due(self, stored=beam.DoFn.StateParam(STATE),  # noqa: B008
               pending=beam.DoFn.StateParam(PENDING),  # noqa: B008
               due=beam.DoFn.TimerParam(DUE),  # noqa: B008
               fired_at=beam.DoFn.TimestampParam):  # noqa: B008
        state: RuleState = stored.read()
        moment = fired_at.to_utc_datetime().replace(tzinfo=UTC)
        waiting = sorted(pending.read(), key=lambda j: j.window_end)
        pending.clear()
        ready = [j for j in waiting if j.window_end <= moment]
        later = [j for j in waiting if j.window_end > moment]
        for judgement in later:
            pending.add(judgement)
        alerts = [alert for judgement in ready
                  if (alert := self._judge(state, judgement)) is not None]
        if not ready and state.open and state.last_window is not None \
                and state.last_window + self.period <= moment:
            quiet = Judgement(state.rule, moment, False, None,
                              "no calls or failures in the last window")
            state.last_window = moment
            alerts += [a for a in [self._transition(quiet, False, state)] if a]
        following = [j.window_end for j in later]
        if state.open and state.last_window is not None:
            following.append(state.last_window + self.period)
        state.due = min(following) if following else None
        if state.due is not None:
            due.set(state.due.timestamp())
        stored.write(state)
        yield from alerts

    def _judge(self, state: RuleState, judgement: Judgement) -> Alert | None:
        settings = self.config["operational"][state.rule]
        holds = judgement.holds
        newer = state.last_window is None or judgement.window_end > state.last_window
        if state.rule in BASELINE_RULES:
            fixed = (settings["tokens_per_minute"] if state.rule == "token_spike"
                     else settings["budget_usd_per_hour"])
            holds = baseline_holds(settings, judgement.value or 0.0, state, fixed)
            if newer and not holds:  # a spike does not raise its own baseline
                value, alpha = judgement.value or 0.0, settings["ewma_alpha"]
                state.baseline = value if state.baseline is None else (
                    alpha * value + (1 - alpha) * state.baseline)
                state.windows_seen += 1
        if newer:
            state.last_window = judgement.window_end
        return self._transition(judgement, bool(holds), state)

    def _transition(self, judgement: Judgement, holds: bool,
                    state: RuleState) -> Alert | None:
        rule, settings = state.rule, self.config["operational"][state.rule]
        if holds == state.open:
            return None
        at, delivery = judgement.window_end, self.config["delivery"]
        horizon = delivery["flap_window_seconds"]
        state.changes = [c for c in state.changes if (at - c).total_seconds() <= horizon]
        state.changes.append(at)
        flapping = len(state.changes) >= delivery["flap_changes"]
        if holds:
            state.open, state.episode = True, f"{rule}:{at.isoformat()}"
            cooldown = delivery["cooldown_seconds"].get(settings["severity"], 0)
            cooling = state.last_sent is not None and (
                at - state.last_sent).total_seconds() < cooldown
            state.paged = not (flapping or cooling)
            if not state.paged:
                return None
            state.last_sent = at
            return self._alert(rule, settings, judgement, state.episode, "trigger")
        state.open = False
        if not state.paged:
            return None
        return self._alert(rule, settings, judgement, state.episode, "resolve")

    def _alert(self, rule: str, settings: dict, judgement: Judgement, episode: str,
               action: str) -> Alert:
        name = settings["name"]
        verb = "Resolved" if action == "resolve" else name
        message = f"{verb}: {judgement.detail}, in the window to {judgement.window_end:%H:%M} UTC"
        return Alert(id=episode, rule=rule, alert_type="operational", alert_name=name,
                     severity=settings["severity"], message=message,
                     triggered_at=judgement.window_end, action=action,
                     context={"value": judgement.value, "detail": judgement.detail,
                              "window_end": judgement.window_end.isoformat()})


def timestamped(seen: Observation) -> window.TimestampedValue:
    return window.TimestampedValue(seen, seen.at.timestamp())


class JudgeObservations(beam.PTransform):
    """Observations (timestamped at their event time) -> operational Alerts."""

    def __init__(self, config: dict) -> None:
        super().__init__()
        self.config = config

    def expand(self, observations: beam.PCollection) -> beam.PCollection:
        windows = self.config["windows"]
        return (
            observations
            | "SlidingWindows" >> beam.WindowInto(
                window.SlidingWindows(windows["size_seconds"], windows["period_seconds"]),
                trigger=trigger.AfterWatermark(late=trigger.AfterCount(1)),
                accumulation_mode=trigger.AccumulationMode.ACCUMULATING,
                allowed_lateness=windows["allowed_lateness_seconds"])
            | "WindowStats" >> beam.CombineGlobally(WindowStatsFn()).without_defaults()
            | "Judge" >> beam.ParDo(JudgeWindowFn(self.config))
            | "Rewindow" >> beam.WindowInto(window.GlobalWindows())
            | "AlertState" >> beam.ParDo(AlertStateFn(self.config)))


class OperationalAlerts(beam.PTransform):
    """(stored sessions, dead letters) -> operational Alerts."""

    def __init__(self, config: dict) -> None:
        super().__init__()
        self.config = config

    def expand(self, inputs: Any) -> beam.PCollection:
        stored, dead_letters = inputs
        limits = self.config["operational"]["connection_degraded"]
        return (
            (stored | "CallObservations" >> beam.Map(call_observation, limits),
             dead_letters | "FailureObservations" >> beam.Map(failure_observation))
            | "Observations" >> beam.Flatten()
            | "AtEventTime" >> beam.Map(timestamped)
            | "Judge" >> JudgeObservations(self.config))
