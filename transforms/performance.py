"""Performance: latency as the caller felt it, per stage, tokens, cost, targets, anomalies.

Percentiles use linear interpolation between closest ranks (numpy's default). Turns that were
interrupted, or whose figures are impossible (over a minute; a stage longer than the whole
wait), are listed in `excluded_turns` and kept out of the percentiles, never mixed in.
"""

from statistics import median

from schemas.analysis import Anomaly, ExcludedTurn, LatencyStats, Performance, TokenStats
from schemas.session_record import SessionRecord, TurnMetrics
from transforms import performance_config as config

_STAGES = {"eou_delay": "eou_delay_ms", "llm_ttft": "llm_ttft_ms", "tts_ttfb": "tts_ttfb_ms",
           "stt_duration": "stt_duration_ms"}


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def latency_stats(values: list[float]) -> LatencyStats:
    ordered = sorted(values)
    if not ordered:
        return LatencyStats(count=0)
    return LatencyStats(
        count=len(ordered), avg_ms=round(sum(ordered) / len(ordered), 1),
        p50_ms=_round(percentile(ordered, 0.5)), p95_ms=_round(percentile(ordered, 0.95)),
        p99_ms=_round(percentile(ordered, 0.99)), max_ms=ordered[-1],
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _exclusion(entry: TurnMetrics, interrupted: bool) -> str | None:
    total = entry.total_latency_ms
    if total is None:
        return None
    if interrupted:
        return "interrupted"
    if total > config.IMPOSSIBLE_LATENCY_MS:
        return f"total_latency_ms {total:g} is over {config.IMPOSSIBLE_LATENCY_MS:g}"
    for stage, field in _STAGES.items():
        value = getattr(entry, field)
        if value is not None and field != "stt_duration_ms" and value > total:
            return f"{stage} {value:g} ms is longer than the whole wait of {total:g} ms"
    return None


def excluded_turns(record: SessionRecord) -> dict[int, str]:
    """Agent turn index -> why its latency is kept out (for the metrics table too)."""
    interrupted = {t.index for t in record.transcript if t.interrupted}
    reasons = {}
    for entry in _first_per_turn(record.metrics):
        reason = _exclusion(entry, entry.turn_index in interrupted)
        if reason:
            reasons[entry.turn_index] = reason
    return reasons


def _first_per_turn(metrics: list[TurnMetrics]) -> list[TurnMetrics]:
    seen: set[int] = set()
    kept = []
    for entry in metrics:
        if entry.turn_index not in seen:
            seen.add(entry.turn_index)
            kept.append(entry)
    return kept


def analyze_performance(record: SessionRecord) -> Performance:
    metrics = _first_per_turn(record.metrics)
    excluded = excluded_turns(record)
    usable = [m for m in metrics if m.turn_index not in excluded]
    totals = [m.total_latency_ms for m in usable if m.total_latency_ms is not None]
    overall = latency_stats(totals)
    stages = {stage: latency_stats([getattr(m, f) for m in usable if getattr(m, f) is not None])
              for stage, f in _STAGES.items()}
    tokens = _token_stats(metrics)
    costs, anomalies = _costs(record, metrics)
    anomalies += _latency_anomalies(usable, totals)
    targets = _targets(overall, stages)
    return Performance(
        avg_latency_ms=overall.avg_ms, p50_latency_ms=overall.p50_ms,
        p95_latency_ms=overall.p95_ms, p99_latency_ms=overall.p99_ms,
        max_latency_ms=overall.max_ms, stages=stages, tokens=tokens,
        cost_usd_by_provider=costs, cost_usd_total=round(sum(costs.values()), 6),
        price_table_date=config.PRICES_AS_OF,
        performance_score=round(100 * sum(targets.values()) / len(targets), 1) if targets else 0,
        targets_met=targets, anomalies=anomalies,
        excluded_turns=[ExcludedTurn(turn_index=i, reason=r) for i, r in excluded.items()],
    )


def _token_stats(metrics: list[TurnMetrics]) -> TokenStats:
    prompts = [m.prompt_tokens for m in metrics if m.prompt_tokens is not None]
    completions = [m.completion_tokens for m in metrics if m.completion_tokens is not None]
    totals = [m.total_tokens if m.total_tokens is not None else
              (m.prompt_tokens or 0) + (m.completion_tokens or 0) for m in metrics]
    return TokenStats(
        prompt_tokens=sum(prompts), completion_tokens=sum(completions), total_tokens=sum(totals),
        avg_prompt_tokens_per_turn=round(sum(prompts) / len(prompts), 1) if prompts else None,
        prompt_growth_per_turn=_slope(prompts),
    )


def _slope(values: list[int]) -> float | None:
    """Least-squares growth per turn: the context the LLM re-reads grows with the call."""
    n = len(values)
    if n < 2:
        return None
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    return round(sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / spread, 2)


_PRICES = {"llm": config.LLM_USD_PER_MTOK, "stt": config.STT_USD_PER_MINUTE,
           "tts": config.TTS_USD_PER_KCHAR}


def _stage_cost(stage: str, price, metrics: list[TurnMetrics]) -> float:
    """US dollars for one stage: tokens for the LLM, caller audio for STT, characters for TTS."""
    if stage == "llm":
        prompt = sum(m.prompt_tokens or 0 for m in metrics)
        completion = sum(m.completion_tokens or 0 for m in metrics)
        return (prompt * price[0] + completion * price[1]) / 1e6
    if stage == "stt":
        return sum(m.stt_audio_duration_ms or 0 for m in metrics) / 60_000 * price
    return sum(m.tts_characters_count or 0 for m in metrics) / 1000 * price


def _costs(record: SessionRecord, metrics: list[TurnMetrics]) -> tuple[dict, list[Anomaly]]:
    costs: dict[str, float] = {}
    anomalies: list[Anomaly] = []
    for stage, prices in _PRICES.items():
        name = getattr(record.providers, stage) if record.providers else None
        if not name:
            continue
        if name not in prices:
            anomalies.append(Anomaly(turn_index=None, metric=f"{stage}_cost", value=0,
                                     detail=f"no {config.PRICES_AS_OF} price for {name}"))
            continue
        costs[name] = round(_stage_cost(stage, prices[name], metrics), 6)
    return costs, anomalies


def _latency_anomalies(usable: list[TurnMetrics], totals: list[float]) -> list[Anomaly]:
    if not totals:
        return []
    typical = median(totals)
    threshold = max(config.SPIKE_FLOOR_MS, typical * config.SPIKE_FACTOR)
    return [
        Anomaly(turn_index=m.turn_index, metric="total_latency_ms", value=m.total_latency_ms,
                detail=f"{m.total_latency_ms:g} ms against a median of {typical:g} ms")
        for m in usable if m.total_latency_ms is not None and m.total_latency_ms > threshold
    ]


def _targets(overall: LatencyStats, stages: dict[str, LatencyStats]) -> dict[str, bool]:
    observed = {
        "p50_latency_ms": overall.p50_ms, "p95_latency_ms": overall.p95_ms,
        "llm_ttft_p50_ms": stages["llm_ttft"].p50_ms, "tts_ttfb_p50_ms": stages["tts_ttfb"].p50_ms,
        "eou_delay_p50_ms": stages["eou_delay"].p50_ms,
    }
    return {name: observed[name] <= limit for name, limit in config.TARGETS_MS.items()
            if observed[name] is not None}
