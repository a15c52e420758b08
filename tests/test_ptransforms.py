"""Each analyzer's Beam wrapper in a TestPipeline, and the whole chain fused into one stage."""

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from schemas.validation import parse_record
from tests.conftest import SAMPLES
from transforms import ptransforms
from transforms.analyze import STEPS, analyze


@pytest.fixture(scope="module")
def records(shared_dir):
    return [parse_record(p.read_bytes()) for p in SAMPLES]


def _ready_for(step_name: str, record) -> ptransforms.InFlight:
    """An element carrying every report the step needs, computed by the plain path."""
    reports = {}
    for step in STEPS:
        if step.name == step_name:
            break
        reports[step.name] = step.run(record, reports)
    return ptransforms.InFlight(record, reports)


WRAPPERS = [
    (ptransforms.AnalyzeObjections, "objections"),
    (ptransforms.AnalyzeSalesIntelligence, "sales_intelligence"),
    (ptransforms.AnalyzeSentiment, "sentiment"),
    (ptransforms.AnalyzeQuality, "quality"),
    (ptransforms.AnalyzePerformance, "performance"),
    (ptransforms.AnalyzeContentGaps, "content_gaps"),
    (ptransforms.ExtractActionItems, "action_items"),
    (ptransforms.ScoreLead, "lead_score"),
    (ptransforms.SummarizeForExecutives, "executive_summary"),
]


@pytest.mark.parametrize(("wrapper", "name"), WRAPPERS, ids=[w.__name__ for w, _ in WRAPPERS])
def test_each_wrapper_adds_the_report_of_its_analyzer(wrapper, name, records) -> None:
    expected = [(r.session_id, analyze(r).model_dump(exclude={"analyzed_at"})[name])
                for r in records]
    with TestPipeline(runner="FnApiRunner") as pipeline:
        reports = (
            pipeline
            | beam.Create([_ready_for(name, r) for r in records])
            | wrapper()
            | beam.Map(lambda item: (item.record.session_id, item.reports[name].model_dump()))
        )
        assert_that(reports, equal_to(expected))


def test_analyze_session_matches_the_plain_path(records) -> None:
    expected = [(r.session_id, analyze(r).executive_summary.call_outcome) for r in records]
    with TestPipeline(runner="FnApiRunner") as pipeline:
        outcomes = (
            pipeline
            | beam.Create(records)
            | ptransforms.AnalyzeSession()
            | beam.Map(lambda pair: (pair[0].session_id, pair[1].executive_summary.call_outcome))
        )
        assert_that(outcomes, equal_to(expected))


def test_the_nine_steps_fuse_into_one_stage(records) -> None:
    """No shuffle between analyzers: every step is a ParDo in one chain of Maps."""
    pipeline = beam.Pipeline(runner="FnApiRunner")
    _ = pipeline | beam.Create(records) | "Analyze" >> ptransforms.AnalyzeSession()
    proto = pipeline.to_runner_api()
    inside = [t for t in proto.components.transforms.values()
              if t.unique_name.startswith("Analyze/") and not t.subtransforms]
    assert len(inside) == 11  # start, nine analyzers, assemble
    assert {t.spec.urn for t in inside} == {"beam:transform:pardo:v1"}
