"""Operational alert rules over event time (pipeline/alerts/rules.py) on Beam's TestStream:
each fires when its threshold is crossed and not before, resolves when it clears, honours
late data within the allowed lateness, and does not storm."""

import copy
from datetime import UTC, datetime, timedelta

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue

from pipeline.alerts.config import load_config
from pipeline.alerts.rules import JudgeObservations
from pipeline.alerts.signals import Observation

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _call(second: float, error: bool = False, latency_ms: float = 800.0,
          tokens: int = 1000) -> Observation:
    return Observation(at=T0 + timedelta(seconds=second), call=True, error=error,
                       latency_sum_ms=latency_ms * 4, latency_turns=4, tokens=tokens)


def _stamped(observations: list[Observation]) -> list[TimestampedValue]:
    return [TimestampedValue(o, o.at.timestamp()) for o in observations]


def _stream(*phases: list[Observation], late: list[Observation] = (),
            late_at: float | None = None) -> TestStream:
    stream = TestStream()
    for phase in phases:
        stream = stream.add_elements(_stamped(phase))
        last = max(o.at for o in phase)
        stream = stream.advance_watermark_to(last.timestamp() + 1)
    watermark = last.timestamp() + 1
    if late:
        watermark = T0.timestamp() + late_at
        stream = stream.advance_watermark_to(watermark).add_elements(_stamped(late))
    # Time goes on for a quarter of an hour without data, a minute at a time.
    for minute in range(1, 16):
        stream = stream.advance_watermark_to(watermark + 60 * minute)
    return stream.advance_watermark_to_infinity()


def _check(stream: TestStream, rules: set[str], expected: list, config=None) -> None:
    config = config or load_config()
    options = PipelineOptions(runner="BundleBasedDirectRunner")
    options.view_as(StandardOptions).streaming = True
    with TestPipeline(options=options) as pipeline:
        alerts = pipeline | stream | JudgeObservations(config)
        assert_that(alerts | beam.Filter(lambda a: a.rule in rules)
                    | beam.Map(lambda a: (a.rule, a.action,
                                          int((a.triggered_at - T0).total_seconds() // 60))),
                    equal_to(expected))


def test_error_rates_fire_as_thresholds_are_crossed_and_resolve() -> None:
    # Calls every 30 s. 0-10 min: no errors. 10-20 min: every fifth call an error (at 10:00,
    # 12:30, 15:00, 17:30). 20-30 min: none again.
    quiet = [_call(s) for s in range(0, 600, 30)]
    errors = [_call(s, error=(s - 600) % 150 == 0) for s in range(600, 1200, 30)]
    calm = [_call(s) for s in range(1200, 1800, 30)]
    # Window to 11:00 holds 1 error in 10 calls (10%): over 5% (P2), not over 10% (P1);
    # to 13:00, 2 in 10 (20%): P1. P1 clears at 21:00 (10%), P2 at 23:00 (none left).
    _check(_stream(quiet, errors, calm), {"error_rate_high", "error_rate_critical"}, [
        ("error_rate_high", "trigger", 11), ("error_rate_critical", "trigger", 13),
        ("error_rate_critical", "resolve", 21), ("error_rate_high", "resolve", 23)])


def test_average_latency_fires_above_2000_ms_only() -> None:
    fine = [_call(s, latency_ms=1990) for s in range(0, 600, 30)]
    slow = [_call(s, latency_ms=2600) for s in range(600, 900, 30)]
    _check(_stream(fine, slow), {"latency_critical"}, [
        # Window to 11:00: two slow calls of ten, 2112 ms on average. The last call ends at
        # 14:30; the first window without it (to 20:00) has no data: the condition clears.
        ("latency_critical", "trigger", 11), ("latency_critical", "resolve", 20)])


def test_sustained_latency_needs_every_minute_over_1500_ms() -> None:
    # Minutes 0-4 slow except minute 2: never sustained. Minutes 10-15 all slow: fires once
    # the window holds five slow minutes (to 15:00).
    broken = [_call(s, latency_ms=900 if 120 <= s < 180 else 1700) for s in range(0, 300, 20)]
    sustained = [_call(s, latency_ms=1700) for s in range(600, 960, 20)]
    _check(_stream(broken, sustained), {"latency_sustained"}, [
        ("latency_sustained", "trigger", 15), ("latency_sustained", "resolve", 17)])


def test_late_data_within_the_lateness_fires_its_window_and_later_data_is_dropped() -> None:
    calm = [_call(s) for s in range(0, 600, 30)]
    late_errors = [_call(s, error=True) for s in (400, 410, 420)]
    # Within the allowed 10 minutes: the windows holding 6:40-7:00 fire again with them.
    stream = _stream(calm, late=late_errors, late_at=900)
    options = PipelineOptions(runner="BundleBasedDirectRunner")
    options.view_as(StandardOptions).streaming = True
    with TestPipeline(options=options) as pipeline:
        alerts = pipeline | stream | JudgeObservations(load_config())
        assert_that(alerts | beam.Filter(lambda a: a.rule == "error_rate_critical")
                    | beam.Map(lambda a: a.action), equal_to(["trigger", "resolve"]))
    # Later than allowed (watermark 30 min past them): nothing fires.
    _check(_stream(calm, late=late_errors, late_at=2400), {"error_rate_critical"}, [])


def test_a_flapping_condition_is_held_back() -> None:
    config = copy.deepcopy(load_config())
    config["windows"]["size_seconds"] = config["windows"]["period_seconds"] = 60  # fixed
    config["operational"]["api_failures"]["threshold"] = 1
    config["delivery"]["cooldown_seconds"]["P1"] = 0
    # Failures in alternate minutes: on, off, on, off... The first episode pages and
    # resolves; from the fourth change within 30 minutes on, it is held.
    failures = [Observation(at=T0 + timedelta(minutes=m, seconds=10), api_failure=True)
                for m in range(0, 12, 2)]
    calls = [_call(s) for s in range(0, 720, 30)]
    _check(_stream(sorted(failures + calls, key=lambda o: o.at)), {"api_failures"}, [
        ("api_failures", "trigger", 1), ("api_failures", "resolve", 2),
        ("api_failures", "trigger", 3), ("api_failures", "resolve", 4)], config)


def test_a_condition_back_within_its_cooldown_does_not_page_again() -> None:
    config = copy.deepcopy(load_config())
    config["windows"]["size_seconds"] = config["windows"]["period_seconds"] = 60
    config["operational"]["api_failures"]["threshold"] = 1
    config["delivery"]["flap_changes"] = 100  # cooldown alone
    # Failures in minutes 0, 3 and 20: the second episode is within P1's 15-minute cooldown.
    failures = [Observation(at=T0 + timedelta(minutes=m, seconds=10), api_failure=True)
                for m in (0, 3, 20)]
    calls = [_call(s) for s in range(0, 1500, 30)]
    _check(_stream(sorted(failures + calls, key=lambda o: o.at)), {"api_failures"}, [
        ("api_failures", "trigger", 1), ("api_failures", "resolve", 2),
        ("api_failures", "trigger", 21), ("api_failures", "resolve", 22)], config)


def test_a_token_spike_is_judged_against_the_moving_baseline() -> None:
    steady = [_call(s, tokens=2000) for s in range(0, 1200, 30)]
    spike = [_call(s, tokens=20000) for s in range(1200, 1320, 30)]
    after = [_call(s, tokens=2000) for s in range(1320, 1800, 30)]
    # 4,000 tokens a minute for 20 minutes, then four calls of 20,000: the window to 22:00
    # holds 18,400 a minute, over three times the baseline (the fixed limit is far higher).
    # The baseline does not learn from the spike, so it holds until the window to 26:00.
    _check(_stream(steady, spike, after), {"token_spike"}, [
        ("token_spike", "trigger", 22), ("token_spike", "resolve", 26)])
